namespace OnnxInvert.Inversion.Constraints;

/// <summary>How the prior P(z) keeps latents in its probable region during optimisation.</summary>
public enum PriorHandling
{
    /// <summary><see cref="Clip"/> for a uniform prior, <see cref="LogLikelihood"/> for a normal prior.</summary>
    Auto,

    /// <summary>Uniform prior U[a, b]: clip every component into [a, b] after each update (the paper).</summary>
    Clip,

    /// <summary>Uniform prior: re-draw every component that left [a, b] from the prior after each update.</summary>
    StochasticClip,

    /// <summary>Normal prior N(µ, σ²): add γ₁(µ − µ̂)² + γ₂(σ − σ̂)² on the latents' mean and standard deviation (first paper, Eq. 5).</summary>
    MomentMatching,

    /// <summary>Normal prior: add −β·log P(z) = β·(1/d)·Σ(zᵢ − µ)²/(2σ²) + const (journal paper, Eq. 5).</summary>
    LogLikelihood,

    /// <summary>
    /// Keep latents in the prior's support and nothing else: <see cref="Clip"/> for a uniform prior, <see cref="None"/>
    /// for any other (a normal prior's support is everything). For exact reconstruction, where a penalty would pull
    /// the latent off the exact preimage.
    /// </summary>
    Support,

    /// <summary>No constraint.</summary>
    None,
}
