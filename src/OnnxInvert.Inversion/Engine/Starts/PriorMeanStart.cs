using OnnxInvert.Inversion.Models;

namespace OnnxInvert.Inversion.Engine.Starts;

/// <summary>The prior's mean in every element.</summary>
internal sealed class PriorMeanStart : LatentStart
{
    internal override StartValues? Begin(ITargetFeed feed, GeneratorLatent latent, IReadOnlyList<long> imageShape) =>
        StartValues.Fill(latent.Prior.Mean, latent.Size);

    public override string ToString() => "prior-mean";
}
