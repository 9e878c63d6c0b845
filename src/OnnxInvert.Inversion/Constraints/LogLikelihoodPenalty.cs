using OnnxInvert.Inversion.Priors;

namespace OnnxInvert.Inversion.Constraints;

/// <summary>
/// −β·log P(z) under N(µ, σ²) with the journal paper's per-element average, log P(z) = (1/d)·Σ log N(zᵢ; µ, σ²):
/// penalty β/d · Σ (zᵢ − µ)²/(2σ²) (the constant dropped), gradient β(zᵢ − µ)/(d·σ²).
/// </summary>
internal sealed class LogLikelihoodPenalty : LatentConstraint
{
    private readonly float _mean;
    private readonly double _variance;
    private readonly double _beta;

    public LogLikelihoodPenalty(NormalPrior prior, double beta)
    {
        _mean = prior.MeanValue;
        _variance = (double)prior.Std * prior.Std;
        _beta = beta;
    }

    public override void AddPenalty(ReadOnlySpan<float> latents, Span<float> gradients, ReadOnlySpan<bool> active, int size, Span<float> penalties)
    {
        double scale = _beta / (size * _variance);
        for (int s = 0; s < active.Length; s++)
        {
            penalties[s] = 0;
            if (!active[s])
            {
                continue;
            }

            double sum = 0;
            var z = latents.Slice(s * size, size);
            var g = gradients.Slice(s * size, size);
            for (int i = 0; i < size; i++)
            {
                double d = z[i] - _mean;
                sum += d * d;
                g[i] += (float)(scale * d);
            }

            penalties[s] = (float)(scale * sum / 2);
        }
    }

    public override string ToString() => FormattableString.Invariant($"-{_beta}·log P(z)");
}
