using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Autodiff.Rules;

/// <summary>The hand-derived vector-Jacobian product of one or more ONNX operators, emitted as standard ONNX ops.</summary>
internal abstract class GradientRule
{
    /// <summary>The op types (default domain) this rule differentiates.</summary>
    public abstract IReadOnlyList<string> OpTypes { get; }

    /// <summary>
    /// Whether input <paramref name="index"/> of <paramref name="node"/> carries a gradient. Stop-gradient operands
    /// (shapes, axes, pads, indices, running statistics in eval mode, ...) return false. Default: input 0 only.
    /// </summary>
    public virtual bool IsDifferentiableInput(NodeProto node, int index) => index == 0;

    /// <summary>Emits the backward nodes for <see cref="BackwardContext.Node"/> and sets the input gradients.</summary>
    public abstract void Backward(BackwardContext context);
}
