using System.Diagnostics.CodeAnalysis;

namespace OnnxInvert.Imaging;

/// <summary>Throw sites of the JPEG core.</summary>
internal static class JpegThrowHelper
{
    [DoesNotReturn]
    public static void ThrowDecodeFailed(string name, string stage, (string Message, bool IsWarning) error) =>
        throw new ImageFormatException(name, ImageErrorKind.Corrupt,
            error.IsWarning
                ? $"damaged or truncated JPEG data while reading the {stage} (libturbojpeg warning: {error.Message})"
                : $"invalid JPEG data while reading the {stage} (libturbojpeg: {error.Message})");

    [DoesNotReturn]
    public static void ThrowUnsupportedColorspace(string name, int colorspace) =>
        throw new ImageFormatException(name, ImageErrorKind.Unsupported,
            $"the JPEG uses the {(colorspace == TurboJpegConstants.ColorspaceCmyk ? "CMYK" : colorspace == TurboJpegConstants.ColorspaceYcck ? "YCCK" : $"#{colorspace}")} colorspace; only gray, YCbCr and RGB JPEGs are read");
}
