using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Autodiff.Rules;

/// <summary>
/// Ops that only reinterpret the shape (Reshape, Flatten, Squeeze, Unsqueeze): the gradient takes x's shape back.
/// </summary>
/// <remarks>
/// Where the probe shows x's shape is static, or static but for a leading batch axis that the gradient shares, the shape
/// is a constant (0 copies the gradient's batch axis), so the runtime's shape inference knows the gradient's shape and
/// every gradient computed from it. With a runtime <c>Shape(x)</c> it does not, and ONNX Runtime's allocation planner
/// then scans an ever longer list of buffers it cannot reuse: session creation grew quadratically with chain length
/// (docs/benchmarks.md). Other shapes take x's runtime shape.
/// </remarks>
internal sealed class ReshapeRule : GradientRule
{
    public override IReadOnlyList<string> OpTypes { get; } = ["Reshape", "Flatten", "Squeeze", "Unsqueeze"];

    public override bool IsDifferentiableInput(NodeProto node, int index) => index == 0;

    public override void Backward(BackwardContext c) => c.SetGrad(0, ConstantShape(c) is { } shape ? c.Emit.Reshape(c.Dy, shape) : c.Emit.ReshapeLike(c.Dy, c.Input(0)));

    /// <summary>x's shape as Reshape constants, or null when it is not static apart from a batch axis 0 shared with dy.</summary>
    private static long[]? ConstantShape(BackwardContext c)
    {
        if (!c.Shapes.Contains(c.Input(0)) || !c.Shapes.Contains(c.Output(0)))
        {
            return null;
        }

        var x = c.Info(c.Input(0));
        if (x.Dims.Contains(0))
        {
            return null; // 0 in a Reshape shape means "copy that axis", not an empty axis
        }

        if (x.IsStatic)
        {
            return x.Rank == 0 ? null : x.Dims;
        }

        var y = c.Info(c.Output(0));
        bool leadingBatchOnly = x.BatchDependent[0] && !x.BatchDependent.Skip(1).Any(b => b);
        bool sharedWithDy = y.Rank > 0 && y.BatchDependent[0] && !y.BatchDependent.Skip(1).Any(b => b) && y.Dims[0] == x.Dims[0];
        return leadingBatchOnly && sharedWithDy ? [0, .. x.Dims.Skip(1)] : null;
    }
}
