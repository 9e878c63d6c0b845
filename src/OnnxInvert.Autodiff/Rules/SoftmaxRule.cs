using OnnxInvert.Onnx.Graphs;

namespace OnnxInvert.Autodiff.Rules;

/// <summary>
/// Softmax and LogSoftmax. From opset 13 along one axis; before, over the flattened trailing axes from <c>axis</c>
/// on (the same reduction axes, so one formula serves both).
/// </summary>
internal sealed class SoftmaxRule : GradientRule
{
    public override IReadOnlyList<string> OpTypes { get; } = ["Softmax", "LogSoftmax"];

    public override void Backward(BackwardContext c)
    {
        var e = c.Emit;
        int rank = c.Info(c.Input(0)).Rank;
        long axis = c.Node.GetInt("axis", c.Opset >= 13 ? -1 : 1);
        axis = axis < 0 ? axis + rank : axis;
        long[] axes = c.Opset >= 13 ? [axis] : Enumerable.Range((int)axis, rank - (int)axis).Select(i => (long)i).ToArray();
        string y = c.Output(0);
        string dy = c.Dy;
        if (c.Node.OpType == "Softmax")
        {
            // dx = y · (dy − Σ dy·y)
            string inner = e.ReduceSum(e.Mul(dy, y), axes, keepDims: true);
            c.SetGrad(0, e.Mul(y, e.Sub(dy, inner)));
        }
        else
        {
            // dx = dy − softmax · Σ dy
            string total = e.ReduceSum(dy, axes, keepDims: true);
            c.SetGrad(0, e.Sub(dy, e.Mul(e.Op("Exp", [y], "exp"), total)));
        }
    }
}
