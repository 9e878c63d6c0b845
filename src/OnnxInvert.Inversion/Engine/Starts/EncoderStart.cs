using OnnxInvert.Inversion.Models;

namespace OnnxInvert.Inversion.Engine.Starts;

/// <summary>An encoder's proposal for each target.</summary>
internal sealed class EncoderStart : LatentStart
{
    private readonly LatentEncoder _encoder;

    public EncoderStart(LatentEncoder encoder)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        _encoder = encoder;
    }

    internal override void Check(GeneratorLatent latent, IReadOnlyList<long> imageShape) => _encoder.Validate(imageShape, latent.Shape);

    /// <summary>Over a fixed set every target is encoded now, in the encoder's chunks; from another feed each target as it is taken.</summary>
    internal override StartValues? Begin(ITargetFeed feed, GeneratorLatent latent, IReadOnlyList<long> imageShape) => feed switch
    {
        TargetsFeed { Targets.Count: 0 } => StartValues.Rows([], "the encoder's proposal"),
        TargetsFeed { Targets: var targets } => StartValues.Rows(_encoder.Encode(targets.Data, targets.Count, imageShape, latent.Shape), "the encoder's proposal"),
        _ => StartValues.PerTarget(target => _encoder.Encode(target.Image.Span, 1, imageShape, latent.Shape)),
    };

    public override string ToString() => $"encoder({_encoder.Source})";
}
