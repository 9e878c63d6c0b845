namespace OnnxInvert.Autodiff.Rules;

/// <summary>Tile (constant repeats): the gradient is reshaped to [r0, n0, r1, n1, ...] and summed over the repeat axes.</summary>
internal sealed class TileRule : GradientRule
{
    public override IReadOnlyList<string> OpTypes { get; } = ["Tile"];

    public override void Backward(BackwardContext c)
    {
        var xInfo = c.Info(c.Input(0));
        long[] repeats = c.ConstantInts(1, "repeats") ?? throw c.Unsupported("no repeats");
        int rank = xInfo.Rank;
        if (repeats.All(r => r == 1))
        {
            c.SetGrad(0, c.Dy);
            return;
        }

        var shape = new long[2 * rank];
        for (int i = 0; i < rank; i++)
        {
            if (xInfo.BatchDependent[i] && repeats[i] != 1)
            {
                throw c.Unsupported($"tiling axis {i}, which depends on the batch size");
            }

            shape[2 * i] = repeats[i];
            shape[(2 * i) + 1] = xInfo.BatchDependent[i] ? -1 : xInfo.Dims[i];
        }

        string split = c.Emit.Reshape(c.Dy, shape);
        long[] axes = Enumerable.Range(0, rank).Select(i => 2L * i).ToArray();
        c.SetGrad(0, c.Emit.ReduceSum(split, axes, keepDims: false));
    }
}
