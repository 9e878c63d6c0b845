using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.Graphs;

namespace OnnxInvert.Autodiff.Rules;

/// <summary>
/// ReduceSum, ReduceMean and ReduceSumSquare: the gradient is broadcast back over the reduced axes (ReduceMean
/// divides by the reduced count, computed at run time as Size(x)/Size(y) so batch reductions stay exact).
/// </summary>
internal sealed class ReduceRule : GradientRule
{
    public override IReadOnlyList<string> OpTypes { get; } = ["ReduceSum", "ReduceMean", "ReduceSumSquare"];

    public override void Backward(BackwardContext c)
    {
        var e = c.Emit;
        string op = c.Node.OpType;
        int rank = c.Info(c.Input(0)).Rank;
        bool axesAsInput = op == "ReduceSum" ? c.Opset >= 13 : c.Opset >= 18;
        long[]? axes = axesAsInput ? c.ConstantInts(1, "axes") : c.Node.GetInts("axes");
        bool keepDims = c.Node.GetInt("keepdims", 1) != 0;
        if (axes is null || axes.Length == 0)
        {
            if (c.Node.GetInt("noop_with_empty_axes", 0) != 0)
            {
                c.SetGrad(0, op == "ReduceSumSquare" ? e.Mul(c.Dy, e.Mul(c.Input(0), c.Scalar(2))) : c.Dy);
                return;
            }

            axes = Enumerable.Range(0, rank).Select(i => (long)i).ToArray();
        }

        axes = axes.Select(a => a < 0 ? a + rank : a).Order().ToArray();
        string dy = keepDims ? c.Dy : e.Unsqueeze(c.Dy, axes);
        string grad = e.Op("Expand", [dy, e.Shape(c.Input(0))], "expand");
        switch (op)
        {
            case "ReduceMean":
                string count = e.Div(e.Op("Size", [c.Input(0)], "size"), e.Op("Size", [c.Output(0)], "size"));
                grad = e.Div(grad, e.Op("Cast", [count], "count", Attr.Int("to", (long)c.FloatType)));
                break;
            case "ReduceSumSquare":
                grad = e.Mul(grad, e.Mul(c.Input(0), c.Scalar(2)));
                break;
        }

        c.SetGrad(0, grad);
    }
}
