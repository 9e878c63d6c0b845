using OnnxInvert.Onnx.Graphs;

namespace OnnxInvert.Autodiff.Rules;

/// <summary>Element-wise unary ops: dx = dy · f'(x), written with whichever of x and y is cheaper.</summary>
internal sealed class UnaryRule : GradientRule
{
    public override IReadOnlyList<string> OpTypes { get; } =
    [
        "Neg", "Abs", "Exp", "Log", "Sqrt", "Reciprocal", "Erf", "Relu", "LeakyRelu", "Elu", "Selu", "Celu",
        "Tanh", "Sigmoid", "HardSigmoid", "Softplus", "Softsign", "Sin", "Cos", "Identity", "Dropout",
    ];

    public override void Backward(BackwardContext c)
    {
        var e = c.Emit;
        string x = c.Input(0);
        string y = c.Output(0);
        string dy = c.Dy;
        var node = c.Node;
        string Positive() => e.Op("Greater", [x, c.Scalar(0)], "positive");

        string dx = node.OpType switch
        {
            "Neg" => e.Neg(dy),
            "Abs" => e.Mul(dy, e.Op("Sign", [x], "sign")),
            "Exp" => e.Mul(dy, y),
            "Log" => e.Div(dy, x),
            "Sqrt" => e.Div(dy, e.Mul(c.Scalar(2), y)),
            "Reciprocal" => e.Neg(e.Mul(dy, e.Mul(y, y))),
            "Erf" => e.Mul(dy, e.Mul(c.Scalar(2 / Math.Sqrt(Math.PI)), e.Op("Exp", [e.Neg(e.Mul(x, x))], "exp"))),
            "Relu" => e.Where(Positive(), dy, c.Scalar(0)),
            "LeakyRelu" => e.Where(Positive(), dy, e.Mul(dy, c.Scalar(node.GetFloat("alpha", 0.01f)))),
            "Elu" => e.Where(Positive(), dy, e.Mul(dy, e.Add(y, c.Scalar(node.GetFloat("alpha", 1f))))),
            "Selu" => Selu(c, Positive(), dy, y),
            "Celu" => e.Where(Positive(), dy, e.Mul(dy, e.Op("Exp", [e.Div(x, c.Scalar(node.GetFloat("alpha", 1f)))], "exp"))),
            "Tanh" => e.Mul(dy, e.Sub(c.Scalar(1), e.Mul(y, y))),
            "Sigmoid" => e.Mul(dy, e.Mul(y, e.Sub(c.Scalar(1), y))),
            "HardSigmoid" => HardSigmoid(c, dy),
            "Softplus" => e.Mul(dy, e.Op("Sigmoid", [x], "sigmoid")),
            "Softsign" => Softsign(c, dy),
            "Sin" => e.Mul(dy, e.Op("Cos", [x], "cos")),
            "Cos" => e.Neg(e.Mul(dy, e.Op("Sin", [x], "sin"))),
            "Identity" or "Dropout" => DropoutOrIdentity(c, dy),
            _ => throw c.Unsupported("unknown unary op"),
        };
        c.SetGrad(0, dx);
    }

    private static string Selu(BackwardContext c, string positive, string dy, string y)
    {
        var e = c.Emit;
        float alpha = c.Node.GetFloat("alpha", 1.67326319217681884765625f);
        float gamma = c.Node.GetFloat("gamma", 1.05070102214813232421875f);
        return e.Where(positive, e.Mul(dy, c.Scalar(gamma)), e.Mul(dy, e.Add(y, c.Scalar(alpha * gamma))));
    }

    private static string HardSigmoid(BackwardContext c, string dy)
    {
        var e = c.Emit;
        float alpha = c.Node.GetFloat("alpha", 0.2f);
        float beta = c.Node.GetFloat("beta", 0.5f);
        string t = e.Add(e.Mul(c.Input(0), c.Scalar(alpha)), c.Scalar(beta));
        string inside = e.Op("And", [e.Op("Greater", [t, c.Scalar(0)], "gt"), e.Op("Less", [t, c.Scalar(1)], "lt")], "inside");
        return e.Where(inside, e.Mul(dy, c.Scalar(alpha)), c.Scalar(0));
    }

    private static string Softsign(BackwardContext c, string dy)
    {
        var e = c.Emit;
        string denominator = e.Add(c.Scalar(1), e.Op("Abs", [c.Input(0)], "abs"));
        return e.Div(dy, e.Mul(denominator, denominator));
    }

    private static string DropoutOrIdentity(BackwardContext c, string dy)
    {
        if (c.Node.OpType == "Dropout" && c.HasInput(2))
        {
            throw c.Unsupported("Dropout with a training_mode input is not supported (inversion runs the generator in inference mode)");
        }

        return dy;
    }
}
