namespace OnnxInvert.Inversion.Constraints;

/// <summary>Over which elements <see cref="PriorHandling.MomentMatching"/> estimates µ̂ and σ̂.</summary>
public enum MomentScope
{
    /// <summary>Over the d elements of each latent (keeps samples independent).</summary>
    Sample,

    /// <summary>Over every element of every latent in the batch (more meaningful statistics; couples the samples).</summary>
    Batch,
}
