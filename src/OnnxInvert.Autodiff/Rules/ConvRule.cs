using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Autodiff.Rules;

/// <summary>
/// Conv (any spatial rank, strides, pads, dilations, groups, auto_pad). dX = ConvTranspose(dY, W) with the same
/// geometry and the output_padding that restores X's size; dW = Conv of Xᵀ with dYᵀ (strides and dilations swapped),
/// cropped to the kernel and transposed back, per group; dB = Σ dY over batch and space.
/// </summary>
internal sealed class ConvRule : GradientRule
{
    public override IReadOnlyList<string> OpTypes { get; } = ["Conv"];

    public override bool IsDifferentiableInput(NodeProto node, int index) => index is 0 or 1 or 2;

    public override void Backward(BackwardContext c)
    {
        var e = c.Emit;
        var x = c.Info(c.Input(0));
        var w = c.Info(c.Input(1));
        var y = c.Info(c.Output(0));
        int n = x.Rank - 2;
        long[] kernel = w.Dims.Skip(2).ToArray();
        long[] inSizes = x.Dims.Skip(2).ToArray();
        long[] outSizes = y.Dims.Skip(2).ToArray();
        var g = ConvGeometry.Read(c, kernel, inSizes, outSizes, transposed: false);
        string dy = c.Dy;

        if (c.NeedsGrad(0))
        {
            var attributes = g.TransposeAttributes(inSizes, outSizes);
            c.SetGrad(0, e.Op("ConvTranspose", [dy, c.Input(1)], "conv_dx", attributes));
        }

        if (c.NeedsGrad(1))
        {
            c.SetGrad(1, WeightGradient.Of(c, c.Input(0), dy, g, kernel, transposedConv: false));
        }

        if (c.HasInput(2) && c.NeedsGrad(2))
        {
            long[] axes = [0, .. Enumerable.Range(2, n).Select(i => (long)i)];
            c.SetGrad(2, e.ReduceSum(dy, axes, keepDims: false));
        }
    }
}
