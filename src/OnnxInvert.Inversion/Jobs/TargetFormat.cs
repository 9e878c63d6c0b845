namespace OnnxInvert.Inversion.Jobs;

/// <summary>What the generator needs of its targets: the image shape per sample and its value range.</summary>
/// <param name="ImageShape">[C, H, W] per sample.</param>
/// <param name="Range">The generator's output range; pixels 0..255 of image files are mapped onto it.</param>
/// <param name="Resize">
/// Whether image files of another size are resized (area when shrinking, bilinear when growing) and gray/RGB converted
/// (replicated; luminance 0.299/0.587/0.114; alpha dropped). Arrays are never resized.
/// </param>
public sealed record TargetFormat(IReadOnlyList<long> ImageShape, (float Low, float High) Range, bool Resize = false);
