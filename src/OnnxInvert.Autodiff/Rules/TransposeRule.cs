using OnnxInvert.Onnx.Graphs;

namespace OnnxInvert.Autodiff.Rules;

/// <summary>Transpose: the gradient is transposed by the inverse permutation.</summary>
internal sealed class TransposeRule : GradientRule
{
    public override IReadOnlyList<string> OpTypes { get; } = ["Transpose"];

    public override void Backward(BackwardContext c)
    {
        int rank = c.Info(c.Input(0)).Rank;
        long[] perm = c.Node.GetInts("perm") is { Length: > 0 } p ? p : Enumerable.Range(0, rank).Reverse().Select(i => (long)i).ToArray();
        var inverse = new long[rank];
        for (int i = 0; i < rank; i++)
        {
            inverse[perm[i]] = i;
        }

        c.SetGrad(0, c.Emit.Transpose(c.Dy, inverse));
    }
}
