using OnnxInvert.Autodiff.Emit;

namespace OnnxInvert.Autodiff.Rules;

/// <summary>Expand: the gradient is summed over the broadcast axes back to the input's shape.</summary>
internal sealed class ExpandRule : GradientRule
{
    public override IReadOnlyList<string> OpTypes { get; } = ["Expand"];

    public override void Backward(BackwardContext c) =>
        c.SetGrad(0, Broadcasting.ReduceTo(c.Emit, c.Dy, c.Info(c.Output(0)), c.Input(0), c.Info(c.Input(0))));
}
