using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.Graphs;

namespace OnnxInvert.Autodiff.Rules;

/// <summary>
/// The Reduce* family: the gradient is dY broadcast back over the reduced axes, times the local derivative.
/// ReduceMean divides by the reduced count, computed at run time as Size(x)/Size(y) so batch reductions stay exact;
/// ReduceMax/ReduceMin split the gradient evenly among tied extremes (like PyTorch's amax/amin); ReduceL2 gives 0 where
/// the norm is 0 (like PyTorch's norm). Axes are an attribute, or an input from opset 13 (ReduceSum) or 18 (the rest).
/// </summary>
internal sealed class ReduceRule : GradientRule
{
    public override IReadOnlyList<string> OpTypes { get; } =
        ["ReduceSum", "ReduceMean", "ReduceSumSquare", "ReduceL1", "ReduceL2", "ReduceMax", "ReduceMin", "ReduceLogSumExp", "ReduceLogSum"];

    public override void Backward(BackwardContext c)
    {
        var e = c.Emit;
        string op = c.Node.OpType;
        string x = c.Input(0);
        int rank = c.Info(x).Rank;
        bool axesAsInput = op == "ReduceSum" ? c.Opset >= 13 : c.Opset >= 18;
        long[]? axes = axesAsInput ? c.ConstantInts(1, "axes") : c.Node.GetInts("axes");
        bool keepDims = c.Node.GetInt("keepdims", 1) != 0;
        if (axes is null || axes.Length == 0)
        {
            if (c.Node.GetInt("noop_with_empty_axes", 0) != 0)
            {
                c.SetGrad(0, Identity(c, x));
                return;
            }

            axes = Enumerable.Range(0, rank).Select(i => (long)i).ToArray();
        }

        axes = axes.Select(a => a < 0 ? a + rank : a).Order().ToArray();
        string Kept(string reduced) => keepDims ? reduced : e.Unsqueeze(reduced, axes);
        string dy = Kept(c.Dy);
        string Expanded(string v) => e.Op("Expand", [v, e.Shape(x)], "expand");
        string grad = op switch
        {
            "ReduceSum" => Expanded(dy),
            "ReduceMean" => e.Div(Expanded(dy), e.Op("Cast", [e.Div(e.Op("Size", [x], "size"), e.Op("Size", [c.Output(0)], "size"))], "count", Attr.Int("to", (long)c.FloatType))),
            "ReduceSumSquare" => e.Mul(Expanded(dy), e.Mul(x, c.Scalar(2))),
            "ReduceL1" => e.Mul(Expanded(dy), e.Op("Sign", [x], "sign")),
            "ReduceL2" => L2(c, x, dy, Kept(c.Output(0))),
            "ReduceMax" or "ReduceMin" => Extremum(c, x, dy, Kept(c.Output(0)), axes),
            "ReduceLogSumExp" => e.Mul(dy, e.Op("Exp", [e.Sub(x, Kept(c.Output(0)))], "exp")),
            "ReduceLogSum" => Expanded(e.Div(dy, e.Op("Exp", [Kept(c.Output(0))], "exp"))),
            _ => throw c.Unsupported("unknown reduction"),
        };
        c.SetGrad(0, grad);
    }

    // No axes with noop_with_empty_axes: the op is element-wise.
    private static string Identity(BackwardContext c, string x)
    {
        var e = c.Emit;
        return c.Node.OpType switch
        {
            "ReduceSumSquare" => e.Mul(c.Dy, e.Mul(x, c.Scalar(2))),
            "ReduceL1" or "ReduceL2" => e.Mul(c.Dy, e.Op("Sign", [x], "sign")),
            "ReduceLogSum" => e.Div(c.Dy, x),
            _ => c.Dy,
        };
    }

    // d‖x‖/dx = x/‖x‖, taken as 0 where ‖x‖ = 0.
    private static string L2(BackwardContext c, string x, string dy, string norm)
    {
        var e = c.Emit;
        string zero = c.Scalar(0);
        return e.Where(e.Op("Equal", [norm, zero], "zero_norm"), zero, e.Mul(x, e.Div(dy, norm)));
    }

    private static string Extremum(BackwardContext c, string x, string dy, string extreme, long[] axes)
    {
        var e = c.Emit;
        string mask = e.Op("Cast", [e.Op("Equal", [x, extreme], "equal")], "mask", Attr.Int("to", (long)c.FloatType));
        string ties = e.ReduceSum(mask, axes, keepDims: true);
        return e.Mul(mask, e.Div(dy, ties));
    }
}
