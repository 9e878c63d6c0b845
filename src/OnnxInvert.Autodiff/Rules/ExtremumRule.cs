using OnnxInvert.Autodiff.Emit;
using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Autodiff.Rules;

/// <summary>
/// Element-wise Max and Min of any number of broadcast operands: the gradient goes to the operand(s) equal to the
/// result; where several tie, it is split evenly among them (PyTorch's maximum/minimum backward gives each of two tied
/// operands half). Each share is summed back to its operand's shape.
/// </summary>
internal sealed class ExtremumRule : GradientRule
{
    public override IReadOnlyList<string> OpTypes { get; } = ["Max", "Min"];

    public override bool IsDifferentiableInput(NodeProto node, int index) => true;

    public override void Backward(BackwardContext c)
    {
        var e = c.Emit;
        var yInfo = c.Info(c.Output(0));
        string y = c.Output(0);
        var masks = Enumerable.Range(0, c.Node.Input.Count)
            .Select(i => e.Op("Cast", [e.Op("Equal", [c.Input(i), y], "equal")], "mask", Attr.Int("to", (long)c.FloatType)))
            .ToArray();
        string share = masks.Length == 1 ? c.Dy : e.Div(c.Dy, e.Sum(masks, "ties"));
        for (int i = 0; i < masks.Length; i++)
        {
            if (c.NeedsGrad(i))
            {
                c.SetGrad(i, Broadcasting.ReduceTo(e, e.Mul(share, masks[i]), yInfo, c.Input(i), c.Info(c.Input(i))));
            }
        }
    }
}
