using OnnxInvert.Inversion.Priors;

namespace OnnxInvert.Inversion.Constraints;

/// <summary>
/// γ₁(µ − µ̂)² + γ₂(σ − σ̂)², with µ̂ and σ̂ the mean and (population) standard deviation of the latents' elements —
/// of each latent (<see cref="MomentScope.Sample"/>) or of the whole batch (<see cref="MomentScope.Batch"/>, where every
/// slot reports the batch's penalty). Gradient over the n elements: −2γ₁(µ − µ̂)/n − 2γ₂(σ − σ̂)(zᵢ − µ̂)/(n·σ̂).
/// </summary>
internal sealed class MomentMatchingPenalty : LatentConstraint
{
    private readonly double _mean;
    private readonly double _std;
    private readonly double _gamma1;
    private readonly double _gamma2;
    private readonly MomentScope _scope;

    public MomentMatchingPenalty(NormalPrior prior, double gamma1, double gamma2, MomentScope scope)
    {
        _mean = prior.MeanValue;
        _std = prior.Std;
        _gamma1 = gamma1;
        _gamma2 = gamma2;
        _scope = scope;
    }

    public override bool CouplesSamples => _scope == MomentScope.Batch;

    public override void AddPenalty(ReadOnlySpan<float> latents, Span<float> gradients, ReadOnlySpan<bool> active, int size, Span<float> penalties)
    {
        penalties.Clear();
        if (_scope == MomentScope.Sample)
        {
            for (int s = 0; s < active.Length; s++)
            {
                if (active[s])
                {
                    penalties[s] = Apply(latents, gradients, active, size, s, s + 1);
                }
            }

            return;
        }

        float shared = Apply(latents, gradients, active, size, 0, active.Length);
        for (int s = 0; s < active.Length; s++)
        {
            penalties[s] = active[s] ? shared : 0;
        }
    }

    public override string ToString() =>
        FormattableString.Invariant($"{_gamma1}·(µ-µ̂)² + {_gamma2}·(σ-σ̂)² per {(_scope == MomentScope.Batch ? "batch" : "sample")}");

    private float Apply(ReadOnlySpan<float> latents, Span<float> gradients, ReadOnlySpan<bool> active, int size, int first, int end)
    {
        double sum = 0;
        long n = 0;
        for (int s = first; s < end; s++)
        {
            if (active[s])
            {
                foreach (float v in latents.Slice(s * size, size))
                {
                    sum += v;
                }

                n += size;
            }
        }

        if (n == 0)
        {
            return 0;
        }

        double mean = sum / n;
        double squares = 0;
        for (int s = first; s < end; s++)
        {
            if (active[s])
            {
                foreach (float v in latents.Slice(s * size, size))
                {
                    squares += (v - mean) * (v - mean);
                }
            }
        }

        double std = Math.Sqrt(squares / n);
        double meanTerm = -2 * _gamma1 * (_mean - mean) / n;
        double stdTerm = std > 0 ? -2 * _gamma2 * (_std - std) / (n * std) : 0;
        for (int s = first; s < end; s++)
        {
            if (active[s])
            {
                var z = latents.Slice(s * size, size);
                var g = gradients.Slice(s * size, size);
                for (int i = 0; i < size; i++)
                {
                    g[i] += (float)(meanTerm + (stdTerm * (z[i] - mean)));
                }
            }
        }

        return (float)((_gamma1 * (_mean - mean) * (_mean - mean)) + (_gamma2 * (_std - std) * (_std - std)));
    }
}
