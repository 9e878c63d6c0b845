using System.Globalization;
using MathNet.Numerics.Distributions;

namespace OnnxInvert.Inversion.Priors;

/// <summary>N(mean, std²) for every latent component.</summary>
public sealed class NormalPrior : Prior
{
    /// <summary>Creates N(<paramref name="mean"/>, <paramref name="std"/>²).</summary>
    public NormalPrior(float mean, float std)
    {
        if (!float.IsFinite(mean) || !float.IsFinite(std) || !(std > 0))
        {
            throw new ArgumentException($"a normal prior needs a finite mean and std > 0, got mean {mean}, std {std}");
        }

        MeanValue = mean;
        Std = std;
    }

    /// <summary>The mean µ.</summary>
    public float MeanValue { get; }

    /// <summary>The standard deviation σ.</summary>
    public float Std { get; }

    /// <inheritdoc />
    public override float Mean => MeanValue;

    /// <inheritdoc/>
    public override float Scale => Std;

    /// <inheritdoc />
    public override void Sample(Random random, Span<float> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = (float)Normal.Sample(random, MeanValue, Std);
        }
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"normal:{MeanValue},{Std}");
}
