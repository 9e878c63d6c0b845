namespace OnnxInvert.Inversion.Engine;

/// <summary>Where a sample's latent starts. Restarts after the first always start from a prior draw.</summary>
public enum LatentInitialization
{
    /// <summary>A draw from the prior (the paper).</summary>
    PriorSample,

    /// <summary>The prior's mean (deterministic).</summary>
    PriorMean,

    /// <summary>The latents given with the targets (<see cref="InversionTargets.InitialLatents"/>), e.g. read from a .npy file.</summary>
    Given,
}
