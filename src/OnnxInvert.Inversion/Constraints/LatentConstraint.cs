using OnnxInvert.Inversion.Priors;

namespace OnnxInvert.Inversion.Constraints;

/// <summary>
/// A prior-derived constraint on the latents of a batch: a penalty whose gradient is added to the objective's
/// (<see cref="AddPenalty"/>), and/or a projection applied after each update (<see cref="Project"/>).
/// Latents are laid out as slots of <c>size</c> values.
/// </summary>
internal abstract class LatentConstraint
{
    /// <summary>Whether the penalty mixes the slots (then the batch must be run as a unit).</summary>
    public virtual bool CouplesSamples => false;

    /// <summary>Creates the constraint for <paramref name="handling"/> under <paramref name="prior"/>.</summary>
    /// <exception cref="ArgumentException">The handling does not fit the prior (clipping a normal prior, ...).</exception>
    public static LatentConstraint Create(PriorHandling handling, Prior prior, PriorTerms terms)
    {
        ArgumentNullException.ThrowIfNull(prior);
        handling = handling switch
        {
            PriorHandling.Auto => prior is UniformPrior ? PriorHandling.Clip : PriorHandling.LogLikelihood,
            PriorHandling.Support => prior is UniformPrior ? PriorHandling.Clip : PriorHandling.None,
            _ => handling,
        };
        return (handling, prior) switch
        {
            (PriorHandling.None, _) => NoConstraint.Instance,
            (PriorHandling.Clip, UniformPrior u) => new ClipConstraint(u),
            (PriorHandling.StochasticClip, UniformPrior u) => new StochasticClipConstraint(u),
            (PriorHandling.MomentMatching, NormalPrior n) => new MomentMatchingPenalty(n, terms.Gamma1, terms.Gamma2, terms.Scope),
            (PriorHandling.LogLikelihood, NormalPrior n) => new LogLikelihoodPenalty(n, terms.Beta),
            _ => throw new ArgumentException($"prior handling {handling} does not apply to the prior {prior}: clipping needs a uniform prior, moment matching and log-likelihood a normal one"),
        };
    }

    /// <summary>
    /// Writes each active slot's penalty into <paramref name="penalties"/> and adds its gradient to
    /// <paramref name="gradients"/>; inactive slots get 0.
    /// </summary>
    public virtual void AddPenalty(ReadOnlySpan<float> latents, Span<float> gradients, ReadOnlySpan<bool> active, int size, Span<float> penalties) =>
        penalties.Clear();

    /// <summary>Brings one slot's latent back into the prior's support after an update.</summary>
    public virtual void Project(Span<float> latent, Random random)
    {
    }

    /// <summary>The text form, for logs.</summary>
    public abstract override string ToString();
}
