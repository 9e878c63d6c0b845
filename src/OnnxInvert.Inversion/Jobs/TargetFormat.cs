using OnnxInvert.Imaging;

namespace OnnxInvert.Inversion.Jobs;

/// <summary>What the generator needs of its targets: the image shape per sample and its value range.</summary>
/// <param name="ImageShape">[C, H, W] per sample.</param>
/// <param name="Range">The generator's output range; pixels 0..255 of image files are mapped onto it.</param>
/// <param name="Resize">
/// Whether image files of another size are resized (area when shrinking, bilinear when growing) and gray/RGB converted
/// (replicated; luminance 0.299/0.587/0.114; alpha dropped). Arrays are never resized.
/// </param>
/// <param name="Layout">
/// The model's own image layout (<see cref="Models.Generator.Layout"/>): an .npy array may be stored in it ([N, H, W, C]
/// for an NHWC model, [N, C·H·W] for a flat one) as well as in NCHW; it is converted to NCHW when read.
/// </param>
public sealed record TargetFormat(IReadOnlyList<long> ImageShape, PixelRange Range, bool Resize = false, Models.Adaptation.ImageLayout Layout = Models.Adaptation.ImageLayout.Nchw)
{
    /// <summary>
    /// The range LOW,HIGH the values of an .npy array are in, mapped linearly onto <see cref="Range"/>; null: they are
    /// already in it. Either way an array with values far outside the generator's range is refused.
    /// </summary>
    public PixelRange? ArrayRange { get; init; }
}
