using OnnxInvert.Autodiff.Emit;
using OnnxInvert.Onnx.Graphs;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Autodiff.Rules;

/// <summary>LayerNormalization (opset 17): normalises over the axes from <c>axis</c> on; scale and bias broadcast over them.</summary>
internal sealed class LayerNormalizationRule : GradientRule
{
    public override IReadOnlyList<string> OpTypes { get; } = ["LayerNormalization"];

    public override bool IsDifferentiableInput(NodeProto node, int index) => index is 0 or 1 or 2;

    public override void Backward(BackwardContext c)
    {
        var e = c.Emit;
        if (c.OutputGrad(1) is not null || c.OutputGrad(2) is not null)
        {
            throw c.Unsupported("a gradient reaches its Mean or InvStdDev output");
        }

        string x = c.Input(0);
        var xInfo = c.Info(x);
        int rank = xInfo.Rank;
        long axis = c.Node.GetInt("axis", -1);
        axis = axis < 0 ? axis + rank : axis;
        long[] axes = NormalizationGradient.From((int)axis, rank);
        var (xHat, rstd) = NormalizationGradient.Statistics(c, x, axes, c.Node.GetFloat("epsilon", 1e-5f));
        string dy = c.Dy;
        var yInfo = c.Info(c.Output(0));
        if (c.NeedsGrad(0))
        {
            c.SetGrad(0, NormalizationGradient.InputGradient(c, e.Mul(dy, c.Input(1)), xHat, rstd, axes));
        }

        if (c.NeedsGrad(1))
        {
            c.SetGrad(1, Broadcasting.ReduceTo(e, e.Mul(dy, xHat), yInfo, c.Input(1), c.Info(c.Input(1))));
        }

        if (c.HasInput(2) && c.NeedsGrad(2))
        {
            c.SetGrad(2, Broadcasting.ReduceTo(e, dy, yInfo, c.Input(2), c.Info(c.Input(2))));
        }
    }
}
