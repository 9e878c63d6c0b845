using OnnxInvert.Autodiff.Objective.Features;
using OnnxInvert.Imaging;

namespace OnnxInvert.Autodiff.Objective;

/// <summary>What the fused objective graph computes.</summary>
public sealed record ObjectiveSpec
{
    /// <summary>The latent inputs to differentiate.</summary>
    public required IReadOnlyList<string> Latents { get; init; }

    /// <summary>The generator's image output.</summary>
    public required string ImageOutput { get; init; }

    /// <summary>The loss.</summary>
    public LossKind Loss { get; init; } = LossKind.Bce;

    /// <summary>Per-sample reduction.</summary>
    public LossReduction Reduction { get; init; } = LossReduction.Mean;

    /// <summary>Whether the graph takes a per-pixel weight (mask) input shaped like the image.</summary>
    public bool PixelWeights { get; init; }

    /// <summary>Whether G(latents) is also an output.</summary>
    public bool IncludeImage { get; init; } = true;

    /// <summary>The generator's output range; BCE maps it to [0, 1] (targets are given in the same range as the output).</summary>
    public PixelRange OutputRange { get; init; } = PixelRange.ZeroToOne;

    /// <summary>A feature-space term through a second network, added to the pixel loss; null: pixels only.</summary>
    public FeatureSpec? Feature { get; init; }
}
