using OnnxInvert.Autodiff.Emit;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Autodiff.Rules;

/// <summary>Where(condition, a, b): the gradient goes to a where the condition holds and to b elsewhere.</summary>
internal sealed class WhereRule : GradientRule
{
    public override IReadOnlyList<string> OpTypes { get; } = ["Where"];

    public override bool IsDifferentiableInput(NodeProto node, int index) => index is 1 or 2;

    public override void Backward(BackwardContext c)
    {
        var e = c.Emit;
        var yInfo = c.Info(c.Output(0));
        string zero = c.Scalar(0);
        if (c.NeedsGrad(1))
        {
            c.SetGrad(1, Broadcasting.ReduceTo(e, e.Where(c.Input(0), c.Dy, zero), yInfo, c.Input(1), c.Info(c.Input(1))));
        }

        if (c.NeedsGrad(2))
        {
            c.SetGrad(2, Broadcasting.ReduceTo(e, e.Where(c.Input(0), zero, c.Dy), yInfo, c.Input(2), c.Info(c.Input(2))));
        }
    }
}
