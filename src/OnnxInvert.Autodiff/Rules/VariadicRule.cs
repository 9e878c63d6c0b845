using OnnxInvert.Autodiff.Emit;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Autodiff.Rules;

/// <summary>Sum and Mean of any number of broadcast operands.</summary>
internal sealed class VariadicRule : GradientRule
{
    public override IReadOnlyList<string> OpTypes { get; } = ["Sum", "Mean"];

    public override bool IsDifferentiableInput(NodeProto node, int index) => true;

    public override void Backward(BackwardContext c)
    {
        string dy = c.Node.OpType == "Mean" ? c.Emit.Div(c.Dy, c.Scalar(c.Node.Input.Count)) : c.Dy;
        var yInfo = c.Info(c.Output(0));
        for (int i = 0; i < c.Node.Input.Count; i++)
        {
            if (c.NeedsGrad(i))
            {
                c.SetGrad(i, Broadcasting.ReduceTo(c.Emit, dy, yInfo, c.Input(i), c.Info(c.Input(i))));
            }
        }
    }
}
