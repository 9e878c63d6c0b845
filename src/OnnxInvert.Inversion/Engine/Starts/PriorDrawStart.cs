using OnnxInvert.Inversion.Models;

namespace OnnxInvert.Inversion.Engine.Starts;

/// <summary>A prior draw (no precomputed values: the run draws from the image's stream).</summary>
internal sealed class PriorDrawStart : LatentStart
{
    internal override StartValues? Begin(ITargetFeed feed, GeneratorLatent latent, IReadOnlyList<long> imageShape) => null;

    public override string ToString() => "prior-draw";
}
