namespace OnnxInvert.Autodiff.Objective.Features;

/// <summary>
/// One tensor of the feature network compared between G(z) and the target ([batch, C, spatial...] or [batch, C]),
/// optionally with learned per-channel weights (as LPIPS's linear layers): a given vector of C values, or the name of
/// a constant output of the feature network that holds them.
/// </summary>
public sealed record FeatureLayer(string Output)
{
    /// <summary>Per-channel weights (length C); they replace the default 1/C.</summary>
    public IReadOnlyList<float>? ChannelWeights { get; init; }

    /// <summary>A constant output (initializer or Constant, possibly behind Identity/Reshape) of the feature network holding the C weights.</summary>
    public string? ChannelWeightsOutput { get; init; }
}
