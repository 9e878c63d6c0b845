using OnnxInvert.Onnx.Graphs;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Autodiff.Rules;

/// <summary>InstanceNormalization: per sample and channel over the spatial axes, with per-channel scale and bias.</summary>
internal sealed class InstanceNormalizationRule : GradientRule
{
    public override IReadOnlyList<string> OpTypes { get; } = ["InstanceNormalization"];

    public override bool IsDifferentiableInput(NodeProto node, int index) => index is 0 or 1 or 2;

    public override void Backward(BackwardContext c)
    {
        var e = c.Emit;
        string x = c.Input(0);
        var xInfo = c.Info(x);
        int rank = xInfo.Rank;
        string scale = NormalizationGradient.PerChannel(c, c.Input(1), rank, xInfo.Dims[1]);
        long[] spatial = NormalizationGradient.From(2, rank);
        var (xHat, rstd) = NormalizationGradient.Statistics(c, x, spatial, c.Node.GetFloat("epsilon", 1e-5f));
        string dy = c.Dy;
        if (c.NeedsGrad(0))
        {
            c.SetGrad(0, NormalizationGradient.InputGradient(c, e.Mul(dy, scale), xHat, rstd, spatial));
        }

        long[] reduce = NormalizationGradient.AllButChannel(rank);
        if (c.NeedsGrad(1))
        {
            c.SetGrad(1, e.ReduceSum(e.Mul(dy, xHat), reduce, keepDims: false));
        }

        if (c.NeedsGrad(2))
        {
            c.SetGrad(2, e.ReduceSum(dy, reduce, keepDims: false));
        }
    }
}
