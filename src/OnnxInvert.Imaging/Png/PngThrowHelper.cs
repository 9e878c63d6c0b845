using System.Diagnostics.CodeAnalysis;

namespace OnnxInvert.Imaging;

/// <summary>Throw sites of the PNG cores.</summary>
internal static class PngThrowHelper
{
    [DoesNotReturn]
    public static void ThrowDecodeFailed(string name, in PngImage image) =>
        throw new ImageFormatException(name, ImageErrorKind.Corrupt, $"invalid or truncated PNG data (libpng: {image.GetMessage()})");

    [DoesNotReturn]
    public static void ThrowEncodeFailed(string name, in PngImage image) =>
        throw new InvalidOperationException($"{name}: libpng could not encode the image: {image.GetMessage()}");
}
