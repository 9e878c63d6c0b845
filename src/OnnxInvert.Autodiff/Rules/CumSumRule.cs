using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.Graphs;

namespace OnnxInvert.Autodiff.Rules;

/// <summary>CumSum: the adjoint of a running sum is the running sum in the other direction (same exclusivity, same axis).</summary>
internal sealed class CumSumRule : GradientRule
{
    public override IReadOnlyList<string> OpTypes { get; } = ["CumSum"];

    public override void Backward(BackwardContext c)
    {
        long exclusive = c.Node.GetInt("exclusive", 0);
        long reverse = c.Node.GetInt("reverse", 0);
        c.SetGrad(0, c.Emit.Op("CumSum", [c.Dy, c.Input(1)], "cumsum", Attr.Int("exclusive", exclusive), Attr.Int("reverse", 1 - reverse)));
    }
}
