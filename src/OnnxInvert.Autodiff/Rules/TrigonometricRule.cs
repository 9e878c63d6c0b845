namespace OnnxInvert.Autodiff.Rules;

/// <summary>Tan, the inverse trigonometric functions and the hyperbolic ones: dx = dy · f'(x).</summary>
internal sealed class TrigonometricRule : GradientRule
{
    public override IReadOnlyList<string> OpTypes { get; } = ["Tan", "Asin", "Acos", "Atan", "Sinh", "Cosh", "Asinh", "Acosh", "Atanh"];

    public override void Backward(BackwardContext c)
    {
        var e = c.Emit;
        string x = c.Input(0);
        string y = c.Output(0);
        string dy = c.Dy;
        string one = c.Scalar(1);
        string square = e.Mul(x, x);
        string Sqrt(string v) => e.Op("Sqrt", [v], "sqrt");
        string dx = c.Node.OpType switch
        {
            "Tan" => e.Mul(dy, e.Add(one, e.Mul(y, y))),
            "Asin" => e.Div(dy, Sqrt(e.Sub(one, square))),
            "Acos" => e.Neg(e.Div(dy, Sqrt(e.Sub(one, square)))),
            "Atan" => e.Div(dy, e.Add(one, square)),
            "Sinh" => e.Mul(dy, e.Op("Cosh", [x], "cosh")),
            "Cosh" => e.Mul(dy, e.Op("Sinh", [x], "sinh")),
            "Asinh" => e.Div(dy, Sqrt(e.Add(square, one))),
            "Acosh" => e.Div(dy, Sqrt(e.Sub(square, one))),
            "Atanh" => e.Div(dy, e.Sub(one, square)),
            _ => throw c.Unsupported("unknown trigonometric op"),
        };
        c.SetGrad(0, dx);
    }
}
