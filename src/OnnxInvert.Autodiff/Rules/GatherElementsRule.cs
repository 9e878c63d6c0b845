using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.Graphs;

namespace OnnxInvert.Autodiff.Rules;

/// <summary>
/// GatherElements (what torch.gather exports): the gradient scatters dY back to the gathered positions and adds where
/// an index repeats — ScatterElements with reduction 'add' into zeros (opset 16+; indices may be computed at run time).
/// </summary>
internal sealed class GatherElementsRule : GradientRule
{
    public override IReadOnlyList<string> OpTypes { get; } = ["GatherElements"];

    public override void Backward(BackwardContext c)
    {
        if (c.Opset < 16)
        {
            throw c.Unsupported($"the model's opset {c.Opset} has no ScatterElements with reduction 'add' (opset 16), which repeated indices need");
        }

        var e = c.Emit;
        string zeros = e.ZerosLike(c.Input(0), c.FloatType);
        c.SetGrad(0, e.Op("ScatterElements", [zeros, c.Input(1), c.Dy], "scatter", Attr.Int("axis", c.Node.GetInt("axis", 0)), Attr.String("reduction", "add")));
    }
}
