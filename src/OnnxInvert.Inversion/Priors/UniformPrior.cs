using System.Globalization;
using MathNet.Numerics.Distributions;

namespace OnnxInvert.Inversion.Priors;

/// <summary>U[low, high] for every latent component; inversion clips latents back into the interval.</summary>
public sealed class UniformPrior : Prior
{
    /// <summary>Creates U[<paramref name="low"/>, <paramref name="high"/>].</summary>
    public UniformPrior(float low, float high)
    {
        if (!float.IsFinite(low) || !float.IsFinite(high) || !(low < high))
        {
            throw new ArgumentException($"a uniform prior needs finite low < high, got [{low}, {high}]");
        }

        Low = low;
        High = high;
    }

    /// <summary>The lower bound.</summary>
    public float Low { get; }

    /// <summary>The upper bound.</summary>
    public float High { get; }

    /// <inheritdoc />
    public override float Mean => (Low + High) / 2;

    /// <inheritdoc/>
    public override float Scale => (High - Low) / 2;

    /// <inheritdoc />
    public override void Sample(Random random, Span<float> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = (float)ContinuousUniform.Sample(random, Low, High);
        }
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"uniform:{Low},{High}");
}
