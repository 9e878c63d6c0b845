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

    internal override StartValues? Begin(InversionTargets targets, GeneratorLatent latent, IReadOnlyList<long> imageShape) =>
        targets.Count == 0 ? StartValues.Rows([]) : StartValues.Rows(_encoder.Encode(targets.Data, targets.Count, imageShape, latent.Shape));

    public override string ToString() => $"encoder({_encoder.Source})";
}
