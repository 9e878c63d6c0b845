using OnnxInvert.Autodiff.Analysis;
using OnnxInvert.Autodiff.Emit;
using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.Proto;
using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;
using OnnxInvert.Imaging;

namespace OnnxInvert.Autodiff.Objective.Features;

/// <summary>
/// Emits G's image → F's input: channel mapping (Concat to replicate gray, a 1×1 Conv for luminance), bilinear
/// half-pixel Resize to F's size, and one per-channel affine map (range then mean/std). Every op has a gradient rule.
/// </summary>
internal sealed class InputAdapter
{
    /// <summary>ITU-R BT.601 luminance weights.</summary>
    private static readonly double[] Luminance = [0.299, 0.587, 0.114];

    private readonly Emitter _e;
    private readonly DataType _type;
    private readonly FeatureSpec _spec;

    public InputAdapter(Emitter emitter, DataType type, FeatureSpec spec)
    {
        if (type is not (DataType.Float or DataType.Double))
        {
            throw new GradientBuildException($"a feature loss needs a float32 or float64 image; the generator's image is {type}");
        }

        _e = emitter;
        _type = type;
        _spec = spec;
    }

    /// <summary>Returns the tensor to feed F's input <paramref name="fInput"/>.</summary>
    public string Apply(string image, TensorInfo info, PixelRange range, ValueInfoProto fInput)
    {
        var a = _spec.Adaptation;
        var declared = fInput.Type?.TensorType?.Shape?.Dim;
        long? Declared(int axis) => declared is { Count: 4 } d && d[axis].HasDimValue ? d[axis].DimValue : null;
        if (declared is { Count: not 4 })
        {
            throw new GradientBuildException($"{_spec.Name}: input '{fInput.Name}' has rank {declared.Count}; an NCHW image input is needed");
        }

        long channels = info.Dims[1];
        string x = image;
        var mode = a.Channels;
        if (mode == FeatureChannels.Auto)
        {
            mode = Declared(1) switch
            {
                null => FeatureChannels.Keep,
                long c when c == channels => FeatureChannels.Keep,
                3 when channels == 1 => FeatureChannels.GrayToRgb,
                1 when channels == 3 => FeatureChannels.RgbToGray,
                long c => throw new GradientBuildException($"{_spec.Name} takes {c} channels and the generator makes {channels}; no channel mapping between them"),
            };
        }

        switch (mode)
        {
            case FeatureChannels.GrayToRgb when channels == 1:
                x = _e.Op("Concat", [x, x, x], "gray_to_rgb", Attr.Int("axis", 1));
                channels = 3;
                break;
            case FeatureChannels.RgbToGray when channels == 3:
                x = _e.Op("Conv", [x, _e.Builder.Constant(Tensor("luminance", Luminance, 1, 3, 1, 1))], "rgb_to_gray");
                channels = 1;
                break;
            case FeatureChannels.GrayToRgb or FeatureChannels.RgbToGray:
                throw new GradientBuildException($"channel mapping {mode} needs a {(mode == FeatureChannels.GrayToRgb ? 1 : 3)}-channel image; the generator makes {channels}");
        }

        if (a.Resize && (a.Size ?? (Declared(2) is { } h && Declared(3) is { } w ? (h, w) : null)) is { } size
            && (size.Height != info.Dims[2] || size.Width != info.Dims[3]))
        {
            if (_e.Opset < 11)
            {
                throw new GradientBuildException($"resizing the image for {_spec.Name} needs opset 11 or newer (the models use {_e.Opset})");
            }

            string leading = _e.Slice(_e.Shape(x), [0], [2], [0]);
            string sizes = _e.Op("Concat", [leading, _e.Int64s(size.Height, size.Width)], "sizes", Attr.Int("axis", 0));
            x = _e.Op("Resize", [x, "", "", sizes], "resize", Attr.String("mode", "linear"), Attr.String("coordinate_transformation_mode", "half_pixel"));
        }

        var (scale, shift) = Affine(range, channels);
        if (scale.Any(s => s != 1))
        {
            x = _e.Mul(x, _e.Builder.Constant(Tensor("scale", scale, 1, scale.Length, 1, 1)));
        }

        if (shift.Any(s => s != 0))
        {
            x = _e.Add(x, _e.Builder.Constant(Tensor("shift", shift, 1, shift.Length, 1, 1)));
        }

        return x;
    }

    private (double[] Scale, double[] Shift) Affine(PixelRange range, long channels)
    {
        var a = _spec.Adaptation;
        var (fl, fh) = a.Range ?? range;
        double k = (fh - fl) / (double)(range.High - range.Low);
        double b = fl - (range.Low * k);
        double[] mean = PerChannel(a.Mean, 0, channels, "mean");
        double[] std = PerChannel(a.Std, 1, channels, "std");
        if (std.Any(s => !(s > 0)))
        {
            throw new GradientBuildException($"the std values for {_spec.Name} must be positive");
        }

        var scale = std.Select(s => k / s).ToArray();
        var shift = mean.Select((m, c) => (b - m) / std[c]).ToArray();
        return scale.Distinct().Count() == 1 && shift.Distinct().Count() == 1 ? ([scale[0]], [shift[0]]) : (scale, shift);
    }

    private double[] PerChannel(IReadOnlyList<float>? values, double fallback, long channels, string what) => values switch
    {
        null or { Count: 0 } => [fallback],
        { Count: 1 } => [values[0]],
        _ when values.Count == channels => values.Select(v => (double)v).ToArray(),
        _ => throw new GradientBuildException($"{_spec.Name}: {values.Count} {what} values for {channels} input channels"),
    };

    private TensorProto Tensor(string name, double[] values, params long[] dims)
    {
        return _type == DataType.Double
            ? TensorFactory.Double(_e.Prefix + name, values, dims)
            : TensorFactory.Float(_e.Prefix + name, values.Select(v => (float)v).ToArray(), dims);
    }
}
