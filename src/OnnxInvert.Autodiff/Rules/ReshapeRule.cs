using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Autodiff.Rules;

/// <summary>Ops that only reinterpret the shape (Reshape, Flatten, Squeeze, Unsqueeze): the gradient takes x's runtime shape back.</summary>
internal sealed class ReshapeRule : GradientRule
{
    public override IReadOnlyList<string> OpTypes { get; } = ["Reshape", "Flatten", "Squeeze", "Unsqueeze"];

    public override bool IsDifferentiableInput(NodeProto node, int index) => index == 0;

    public override void Backward(BackwardContext c) => c.SetGrad(0, c.Emit.ReshapeLike(c.Dy, c.Input(0)));
}
