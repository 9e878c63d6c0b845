namespace OnnxInvert.Autodiff.Objective.Features;

/// <summary>How one layer's features of G(z) and of the target are compared, per spatial position.</summary>
public enum FeatureDistance
{
    /// <summary>Squared difference, weighted per channel (1/C each by default: the mean over the layer's elements).</summary>
    Mse,

    /// <summary>Absolute difference, weighted per channel like <see cref="Mse"/>.</summary>
    L1,

    /// <summary>1 − the cosine of the channel vectors at each position (scale-invariant; no channel weights).</summary>
    Cosine,
}
