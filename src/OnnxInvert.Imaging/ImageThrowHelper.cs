using System.Diagnostics.CodeAnalysis;

namespace OnnxInvert.Imaging;

/// <summary>Throw sites shared by the format cores, kept out of line so the callers stay small.</summary>
internal static class ImageThrowHelper
{
    [DoesNotReturn]
    public static void Throw(string name, ImageErrorKind kind, string detail, Exception? inner = null) =>
        throw new ImageFormatException(name, kind, detail, inner);

    [DoesNotReturn]
    public static void ThrowEmpty(string name) =>
        throw new ImageFormatException(name, ImageErrorKind.Empty, "the file is empty (0 bytes)");

    [DoesNotReturn]
    public static void ThrowNotRegularFile(string name, string kind) =>
        throw new ImageFormatException(name, ImageErrorKind.NotRegularFile, $"not a regular file (it is {kind}); images are read from regular files");

    [DoesNotReturn]
    public static void ThrowFileTooLarge(string name, long length, long limit) =>
        throw new ImageFormatException(name, ImageErrorKind.FileTooLarge,
            $"the file has {length:N0} bytes, more than the limit of {limit:N0} bytes (ImageReaderOptions.MaxFileBytes)");

    [DoesNotReturn]
    public static void ThrowTooManyPixels(string name, long width, long height, long limit) =>
        throw new ImageFormatException(name, ImageErrorKind.TooManyPixels,
            $"the image is {width}x{height} = {width * height:N0} pixels, more than the limit of {limit:N0} pixels (ImageReaderOptions.MaxPixels)");

    public static void CheckPixelCount(string name, long width, long height, long limit)
    {
        if (width * height > limit)
        {
            ThrowTooManyPixels(name, width, height, limit);
        }
    }
}
