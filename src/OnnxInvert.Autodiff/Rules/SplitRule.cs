using OnnxInvert.Onnx.Graphs;

namespace OnnxInvert.Autodiff.Rules;

/// <summary>Split: the input's gradient concatenates the outputs' gradients (zeros for outputs that get none).</summary>
internal sealed class SplitRule : GradientRule
{
    public override IReadOnlyList<string> OpTypes { get; } = ["Split"];

    public override void Backward(BackwardContext c)
    {
        long axis = c.Node.GetInt("axis", 0);
        int rank = c.Info(c.Input(0)).Rank;
        axis = axis < 0 ? axis + rank : axis;
        var parts = new List<string>();
        for (int i = 0; i < c.Node.Output.Count; i++)
        {
            parts.Add(c.OutputGrad(i) ?? c.Emit.ZerosLike(c.Output(i), c.Info(c.Output(i)).ElementType));
        }

        c.SetGrad(0, parts.Count == 1 ? parts[0] : c.Emit.Op("Concat", parts, "concat", Onnx.Building.Attr.Int("axis", axis)));
    }
}
