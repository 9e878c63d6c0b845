namespace OnnxInvert.Inversion.Engine;

/// <summary>
/// Where a sample's latent starts (<see cref="InversionOptions.Initialization"/>; <see cref="Starts.LatentStart"/>, set
/// per latent or for all, says the same and more). Restarts after the first always start from a prior draw: with
/// <see cref="Given"/> or <see cref="Encoder"/> and several restarts, restart 0 starts from the given or proposed latent
/// and the others from the prior.
/// </summary>
public enum LatentInitialization
{
    /// <summary>A draw from the prior (the paper).</summary>
    PriorSample,

    /// <summary>The prior's mean (deterministic).</summary>
    PriorMean,

    /// <summary>The latents given with the targets (<see cref="InversionTargets.InitialLatents"/>), e.g. read from a .npy file.</summary>
    Given,

    /// <summary>
    /// The latent an encoder model proposes for the target (<see cref="InversionOptions.Encoder"/>), refined by the
    /// optimisation (hybrid inversion).
    /// </summary>
    Encoder,
}
