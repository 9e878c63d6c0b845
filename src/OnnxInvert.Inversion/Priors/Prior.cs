namespace OnnxInvert.Inversion.Priors;

/// <summary>The distribution P(z) a generator was trained to sample latents from.</summary>
public abstract class Prior
{
    private protected Prior()
    {
    }

    /// <summary>Fills <paramref name="destination"/> with independent draws from the prior.</summary>
    public abstract void Sample(Random random, Span<float> destination);

    /// <summary>The prior's mean value (a deterministic initialisation).</summary>
    public abstract float Mean { get; }

    /// <summary>
    /// The prior's typical spread per component: the standard deviation of a normal prior, half the width of a
    /// uniform one. Step sizes relative to the latent's scale (<see cref="Engine.InversionOptions.RelativeLearningRate"/>) multiply by it.
    /// </summary>
    public abstract float Scale { get; }

    /// <summary>The canonical text form, as accepted by <see cref="PriorParser.Parse"/>: "uniform:-1,1", "normal:0,1", "none".</summary>
    public abstract override string ToString();
}
