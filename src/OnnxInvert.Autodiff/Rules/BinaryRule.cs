using OnnxInvert.Autodiff.Emit;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Autodiff.Rules;

/// <summary>Broadcasting binary arithmetic: Add, Sub, Mul, Div, Pow; each gradient is summed back to its operand's shape.</summary>
internal sealed class BinaryRule : GradientRule
{
    public override IReadOnlyList<string> OpTypes { get; } = ["Add", "Sub", "Mul", "Div", "Pow"];

    public override bool IsDifferentiableInput(NodeProto node, int index) => index is 0 or 1;

    public override void Backward(BackwardContext c)
    {
        var e = c.Emit;
        string a = c.Input(0);
        string b = c.Input(1);
        string dy = c.Dy;
        var yInfo = c.Info(c.Output(0));
        string Reduce(string grad, string operand) => Broadcasting.ReduceTo(e, grad, yInfo, operand, c.Info(operand));

        switch (c.Node.OpType)
        {
            case "Add":
                SetBoth(c, () => Reduce(dy, a), () => Reduce(dy, b));
                break;
            case "Sub":
                SetBoth(c, () => Reduce(dy, a), () => Reduce(e.Neg(dy), b));
                break;
            case "Mul":
                SetBoth(c, () => Reduce(e.Mul(dy, b), a), () => Reduce(e.Mul(dy, a), b));
                break;
            case "Div":
                SetBoth(c, () => Reduce(e.Div(dy, b), a), () => Reduce(e.Neg(e.Div(e.Mul(dy, c.Output(0)), b)), b));
                break;
            case "Pow":
                SetBoth(
                    c,
                    () => Reduce(e.Mul(dy, e.Mul(b, e.Op("Pow", [a, e.Sub(b, c.Scalar(1))], "pow"))), a),
                    () => Reduce(e.Mul(dy, e.Mul(c.Output(0), e.Op("Log", [a], "log"))), b));
                break;
        }
    }

    private static void SetBoth(BackwardContext c, Func<string> gradA, Func<string> gradB)
    {
        if (c.NeedsGrad(0))
        {
            c.SetGrad(0, gradA());
        }

        if (c.NeedsGrad(1))
        {
            c.SetGrad(1, gradB());
        }
    }
}
