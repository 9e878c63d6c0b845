using OnnxInvert.Autodiff.Emit;
using OnnxInvert.Onnx.Graphs;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Autodiff.Rules;

/// <summary>
/// Resize (opset 10+) and Upsample (7–9), every mode (nearest, linear, cubic) and coordinate transformation: resizing is
/// linear and separable, so per resized axis the forward op is out = M·in with M built at graph-build time
/// (<see cref="ResizeMaps"/>) and the gradient is Mᵀ·dOut. Axes that only repeat elements (integer nearest up-sampling)
/// are summed in blocks instead (<see cref="BlockRepeatGradient"/>). Opset 18's antialias (a widened, renormalised
/// filter when down-sampling) is linear and separable too: its maps are built the same way. ONNX Runtime's training
/// builders have no Resize gradient.
/// </summary>
internal sealed class ResizeRule : GradientRule
{
    /// <summary>The largest per-axis interpolation map [out, in] the rule emits as a constant (16 Mi entries: 8192 × 2048).</summary>
    internal const long MaxMapElements = 1L << 24;

    public override IReadOnlyList<string> OpTypes { get; } = ["Resize", "Upsample"];

    public override void Backward(BackwardContext c)
    {
        var node = c.Node;
        var x = c.Info(c.Input(0));
        var y = c.Info(c.Output(0));
        bool legacy = node.OpType == "Upsample" || c.Opset < 11;
        string mode = node.GetString("mode", "nearest").ToLowerInvariant();
        mode = mode is "bilinear" or "trilinear" ? "linear" : mode;
        if (node.GetString("keep_aspect_ratio_policy", "stretch") != "stretch" || node.GetInts("axes") is { Length: > 0 })
        {
            throw c.Unsupported("keep_aspect_ratio_policy or axes attributes");
        }

        var settings = new ResizeMaps.Settings(
            mode,
            legacy ? "asymmetric" : node.GetString("coordinate_transformation_mode", "half_pixel"),
            legacy ? "simple" : node.GetString("nearest_mode", "round_prefer_floor"),
            node.GetFloat("cubic_coeff_a", -0.75f),
            node.GetInt("exclude_outside", 0) != 0,
            !legacy && node.GetInt("antialias", 0) != 0);
        if (settings.CoordinateMode == "tf_crop_and_resize")
        {
            throw c.Unsupported("coordinate_transformation_mode 'tf_crop_and_resize'");
        }

        double[]? scales = Scales(c, legacy);
        var maps = new Dictionary<int, double[,]>();
        for (int axis = 0; axis < x.Rank; axis++)
        {
            long inSize = x.Dims[axis];
            long outSize = y.Dims[axis];
            float scale = scales is { Length: > 0 } ? (float)scales[axis] : (float)outSize / inSize;
            if (x.BatchDependent[axis])
            {
                if (scale != 1f)
                {
                    throw c.Unsupported($"resizing axis {axis}, which depends on the batch size");
                }

                continue;
            }

            if (inSize == outSize && scale == 1f)
            {
                continue;
            }

            if (inSize * outSize > MaxMapElements)
            {
                throw c.Unsupported(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"resizing axis {axis} from {inSize} to {outSize}: its interpolation map would have {inSize * outSize:N0} entries (at most {MaxMapElements:N0})"));
            }

            maps[axis] = ResizeMaps.Build(settings, inSize, outSize, scale);
        }

        string grad = c.Dy;
        var repeats = maps.Where(m => BlockRepeatGradient.Factor(m.Value) > 0).ToDictionary(m => m.Key, m => BlockRepeatGradient.Factor(m.Value));
        if (repeats.Count > 0 && BlockRepeatGradient.TrySum(c, grad, y.Dims, y.BatchDependent, repeats) is { } summed)
        {
            grad = summed;
            foreach (int axis in repeats.Keys)
            {
                maps.Remove(axis);
            }
        }

        foreach (var (axis, map) in maps.OrderBy(m => m.Key))
        {
            grad = AxisLinearMap.ApplyTransposed(c.Emit, grad, x.Rank, axis, map, x.ElementType);
        }

        c.SetGrad(0, grad);
    }

    private static double[]? Scales(BackwardContext c, bool legacy)
    {
        if (c.Node.OpType == "Upsample" && c.Opset < 9)
        {
            return c.Node.GetFloats("scales")?.Select(v => (double)v).ToArray();
        }

        if (legacy)
        {
            return c.ConstantDoubles(1, "scales");
        }

        // Resize-11+: (X, roi, scales, sizes); with sizes given, the scale is out/in.
        if (c.HasInput(3))
        {
            return null;
        }

        return c.HasInput(2) ? c.ConstantDoubles(2, "scales") : null;
    }
}
