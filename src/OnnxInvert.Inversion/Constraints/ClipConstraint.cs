using OnnxInvert.Inversion.Priors;

namespace OnnxInvert.Inversion.Constraints;

/// <summary>Clips every component into the uniform prior's [a, b] after each update (the paper's treatment of U[a, b]).</summary>
internal sealed class ClipConstraint : LatentConstraint
{
    private readonly UniformPrior _prior;

    public ClipConstraint(UniformPrior prior) => _prior = prior;

    public override void Project(Span<float> latent, Random random)
    {
        for (int i = 0; i < latent.Length; i++)
        {
            latent[i] = Math.Clamp(latent[i], _prior.Low, _prior.High);
        }
    }

    public override string ToString() => $"clip to {_prior}";
}
