using OnnxInvert.Imaging;

namespace OnnxInvert.Autodiff.Objective.Features;

/// <summary>
/// How G's image becomes the feature network's input: channels, then size (bilinear, half-pixel, as PyTorch's
/// <c>interpolate(mode='bilinear', align_corners=False)</c>), then range (G's range mapped linearly to
/// <see cref="Range"/>) and per-channel mean/std normalisation. Defaults come from the feature network's declared input.
/// </summary>
public sealed record FeatureInputAdaptation
{
    /// <summary>Channel mapping.</summary>
    public FeatureChannels Channels { get; init; } = FeatureChannels.Auto;

    /// <summary>Whether to resize at all (false: the image is fed at G's size).</summary>
    public bool Resize { get; init; } = true;

    /// <summary>Target height × width; null: the feature network's declared H×W when fixed, else G's size.</summary>
    public (long Height, long Width)? Size { get; init; }

    /// <summary>The input range the feature network expects; null: G's own output range (no mapping).</summary>
    public PixelRange? Range { get; init; }

    /// <summary>Per-channel means subtracted after range mapping (one value, or one per input channel).</summary>
    public IReadOnlyList<float>? Mean { get; init; }

    /// <summary>Per-channel standard deviations divided by after the mean (one value, or one per input channel).</summary>
    public IReadOnlyList<float>? Std { get; init; }
}
