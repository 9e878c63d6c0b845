using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Autodiff.Rules;

/// <summary>
/// ConvTranspose (strides, pads, dilations, groups, output_padding, auto_pad, output_shape). dX = Conv(dY, W) with the
/// same geometry; dW = the Conv weight gradient with X and dY swapped; dB = Σ dY over batch and space.
/// </summary>
internal sealed class ConvTransposeRule : GradientRule
{
    public override IReadOnlyList<string> OpTypes { get; } = ["ConvTranspose"];

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
        var g = ConvGeometry.Read(c, kernel, inSizes, outSizes, transposed: true);
        string dy = c.Dy;

        if (c.NeedsGrad(0))
        {
            c.SetGrad(0, e.Op("Conv", [dy, c.Input(1)], "convt_dx", g.Attributes()));
        }

        if (c.NeedsGrad(1))
        {
            c.SetGrad(1, WeightGradient.Of(c, c.Input(0), dy, g, kernel, transposedConv: true));
        }

        if (c.HasInput(2) && c.NeedsGrad(2))
        {
            long[] axes = [0, .. Enumerable.Range(2, n).Select(i => (long)i)];
            c.SetGrad(2, e.ReduceSum(dy, axes, keepDims: false));
        }
    }
}
