namespace OnnxInvert.Autodiff.Rules;

/// <summary>
/// The input gradient shared by every normalisation that uses statistics of x itself (batch-statistics BatchNorm,
/// InstanceNorm, LayerNorm, GroupNorm). With x̂ = (x − µ)·r, r = 1/√(σ² + ε) over <c>axes</c>, and g = dL/dx̂:
/// dx = r · (g − mean(g) − x̂ · mean(g · x̂)). The statistics are recomputed in the backward graph.
/// </summary>
internal static class NormalizationGradient
{
    /// <summary>Emits x̂ and r for <paramref name="x"/> over <paramref name="axes"/> (kept dims).</summary>
    public static (string Normalized, string InverseStd) Statistics(BackwardContext c, string x, long[] axes, double epsilon)
    {
        var e = c.Emit;
        string mean = e.ReduceMean(x, axes, keepDims: true);
        string centred = e.Sub(x, mean);
        string variance = e.ReduceMean(e.Mul(centred, centred), axes, keepDims: true);
        string inverseStd = e.Op("Reciprocal", [e.Op("Sqrt", [e.Add(variance, c.Scalar(epsilon))], "sqrt")], "rstd");
        return (e.Mul(centred, inverseStd), inverseStd);
    }

    /// <summary>dx from g = dL/dx̂.</summary>
    public static string InputGradient(BackwardContext c, string g, string normalized, string inverseStd, long[] axes)
    {
        var e = c.Emit;
        string meanG = e.ReduceMean(g, axes, keepDims: true);
        string meanGx = e.ReduceMean(e.Mul(g, normalized), axes, keepDims: true);
        return e.Mul(inverseStd, e.Sub(e.Sub(g, meanG), e.Mul(normalized, meanGx)));
    }

    /// <summary>The axes [from, rank).</summary>
    public static long[] From(int from, int rank) => Enumerable.Range(from, rank - from).Select(i => (long)i).ToArray();

    /// <summary>Axis 0 and the spatial axes [2, rank): every axis but the channel.</summary>
    public static long[] AllButChannel(int rank) => [0, .. From(2, rank)];

    /// <summary>Reshapes a per-channel vector [C] to [C, 1, ...] so it broadcasts against [N, C, spatial...].</summary>
    public static string PerChannel(BackwardContext c, string vector, int rank, long channels) =>
        rank <= 2 ? vector : c.Emit.Reshape(vector, [channels, .. Enumerable.Repeat(1L, rank - 2)]);
}
