using OnnxInvert.Onnx.Graphs;

namespace OnnxInvert.Autodiff.Rules;

/// <summary>
/// Smooth and piecewise activations of newer opsets: HardSwish (14), Mish (18), Gelu (20, approximate none or tanh)
/// and ThresholdedRelu. dx = dy · f'(x), with f' written out in standard ops (Erf, Tanh, Softplus, Sigmoid, Where).
/// </summary>
internal sealed class ActivationRule : GradientRule
{
    public override IReadOnlyList<string> OpTypes { get; } = ["HardSwish", "Mish", "Gelu", "ThresholdedRelu"];

    public override void Backward(BackwardContext c)
    {
        var e = c.Emit;
        string x = c.Input(0);
        string derivative = c.Node.OpType switch
        {
            // x·clip(x/6 + 1/2, 0, 1): 0 below -3, 1 above 3, x/3 + 1/2 between (PyTorch's hardswish_backward).
            "HardSwish" => e.Where(
                e.Op("Less", [x, c.Scalar(-3)], "below"),
                c.Scalar(0),
                e.Where(e.Op("Greater", [x, c.Scalar(3)], "above"), c.Scalar(1), e.Add(e.Div(x, c.Scalar(3)), c.Scalar(0.5)))),
            "Mish" => Mish(c, x),
            "Gelu" => Gelu(c, x),
            "ThresholdedRelu" => e.Op("Cast", [e.Op("Greater", [x, c.Scalar(c.Node.GetFloat("alpha", 1f))], "above")], "mask", Onnx.Building.Attr.Int("to", (long)c.FloatType)),
            _ => throw c.Unsupported("unknown activation"),
        };
        c.SetGrad(0, e.Mul(c.Dy, derivative));
    }

    // y = x·tanh(softplus(x)): y' = t + x·(1 − t²)·sigmoid(x), t = tanh(softplus(x)).
    private static string Mish(BackwardContext c, string x)
    {
        var e = c.Emit;
        string t = e.Op("Tanh", [e.Op("Softplus", [x], "softplus")], "tanh");
        string slope = e.Mul(e.Mul(x, e.Sub(c.Scalar(1), e.Mul(t, t))), e.Op("Sigmoid", [x], "sigmoid"));
        return e.Add(t, slope);
    }

    private static string Gelu(BackwardContext c, string x)
    {
        var e = c.Emit;
        string approximate = c.Node.GetString("approximate", "none");
        switch (approximate)
        {
            case "none":
                // Φ(x) + x·φ(x), Φ(x) = (1 + erf(x/√2))/2, φ(x) = exp(−x²/2)/√(2π).
                string cdf = e.Mul(c.Scalar(0.5), e.Add(c.Scalar(1), e.Op("Erf", [e.Mul(x, c.Scalar(1 / Math.Sqrt(2)))], "erf")));
                string pdf = e.Mul(c.Scalar(1 / Math.Sqrt(2 * Math.PI)), e.Op("Exp", [e.Mul(c.Scalar(-0.5), e.Mul(x, x))], "exp"));
                return e.Add(cdf, e.Mul(x, pdf));
            case "tanh":
                // y = x(1 + tanh u)/2, u = √(2/π)(x + 0.044715x³): y' = (1 + t)/2 + x(1 − t²)·√(2/π)(1 + 3·0.044715x²)/2.
                const double a = 0.044715;
                double k = Math.Sqrt(2 / Math.PI);
                string square = e.Mul(x, x);
                string u = e.Mul(c.Scalar(k), e.Add(x, e.Mul(c.Scalar(a), e.Mul(square, x))));
                string t = e.Op("Tanh", [u], "tanh");
                string du = e.Mul(c.Scalar(k), e.Add(c.Scalar(1), e.Mul(c.Scalar(3 * a), square)));
                string left = e.Mul(c.Scalar(0.5), e.Add(c.Scalar(1), t));
                string right = e.Mul(e.Mul(c.Scalar(0.5), x), e.Mul(e.Sub(c.Scalar(1), e.Mul(t, t)), du));
                return e.Add(left, right);
            default:
                throw c.Unsupported($"approximate='{approximate}'; only 'none' and 'tanh' are defined");
        }
    }
}
