using OnnxInvert.Inversion.Models;

namespace OnnxInvert.Inversion.Engine.Starts;

/// <summary>
/// Where a latent starts for the first attempt (restart 0) at an image: a prior draw, the prior's mean, given values,
/// or an encoder's proposal. Restarts after the first and re-initialisations after a NaN always start from a prior
/// draw, from the image's own seeded stream. Set per latent in <see cref="LatentSettings.Start"/> or for every latent
/// in <see cref="InversionOptions.Start"/>.
/// </summary>
public abstract class LatentStart
{
    private protected LatentStart()
    {
    }

    /// <summary>A draw from the latent's prior (the paper), from the image's seeded stream.</summary>
    public static LatentStart PriorDraw { get; } = new PriorDrawStart();

    /// <summary>The prior's mean for every element (deterministic).</summary>
    public static LatentStart PriorMean { get; } = new PriorMeanStart();

    /// <summary>Given values: row i (the latent's size) for the i-th target (the i-th taken from a feed), e.g. read from a .npy file.</summary>
    /// <param name="values">targets × (latent size) values, row per target in target order.</param>
    public static LatentStart Given(float[] values) => new GivenStart(values);

    /// <summary>
    /// The latent an encoder proposes for each target, refined by the optimisation (hybrid inversion). The caller owns
    /// and disposes the encoder; <see cref="Inverter.Create"/> checks its shapes against the generator.
    /// </summary>
    public static LatentStart FromEncoder(LatentEncoder encoder) => new EncoderStart(encoder);

    /// <summary>
    /// For a cut-point latent of <paramref name="generator"/> (an intermediate tensor, e.g. StyleGAN's w): the mean of
    /// that tensor over <paramref name="draws"/> runs of the subgraph that produced it, its inputs drawn from their prior
    /// (the StyleGAN projector's w_avg). Computed now, once.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="latent"/> is not a cut point of the generator.</exception>
    public static LatentStart MeanOfCut(Generator generator, string latent, int draws = CutMeanStart.DefaultDraws, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(generator);
        return new CutMeanStart(latent, generator.MeanOfCut(latent, draws, seed), draws);
    }

    /// <summary>Checks the start against the latent it fills and the generator's image shape (when the inverter is created).</summary>
    /// <exception cref="ArgumentException">The start does not fit.</exception>
    internal virtual void Check(GeneratorLatent latent, IReadOnlyList<long> imageShape)
    {
    }

    /// <summary>
    /// The starting values for the targets of <paramref name="feed"/>, or null for a prior draw (when a run begins).
    /// Over a fixed set (<see cref="InversionTargets.ToFeed"/>) the whole set is checked, and may be computed, now.
    /// </summary>
    /// <exception cref="ArgumentException">The start does not fit the targets.</exception>
    internal abstract StartValues? Begin(ITargetFeed feed, GeneratorLatent latent, IReadOnlyList<long> imageShape);

    /// <summary>The text form, for logs: "prior-draw", "prior-mean", "given", "encoder(...)", "cut-mean(N draws)".</summary>
    public abstract override string ToString();
}
