using OnnxInvert.Inversion.Priors;

namespace OnnxInvert.Inversion.Constraints;

/// <summary>Re-draws from the uniform prior every component that left [a, b] after an update (stochastic clipping).</summary>
internal sealed class StochasticClipConstraint : LatentConstraint
{
    private readonly UniformPrior _prior;

    public StochasticClipConstraint(UniformPrior prior) => _prior = prior;

    public override void Project(Span<float> latent, Random random)
    {
        for (int i = 0; i < latent.Length; i++)
        {
            if (!(latent[i] >= _prior.Low && latent[i] <= _prior.High))
            {
                _prior.Sample(random, latent.Slice(i, 1));
            }
        }
    }

    public override string ToString() => $"stochastic clip to {_prior}";
}
