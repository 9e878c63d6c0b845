namespace OnnxInvert.Imaging;

/// <summary>
/// PNG reading and writing through the system libpng 1.6 (package libpng16-16). Reads 8- and 16-bit gray, gray+alpha,
/// RGB, RGBA and palette files into 8-bit <see cref="DecodedImage"/>s; writes 8-bit PNGs with 1 to 4 channels.
/// </summary>
public static class PngFile
{
    /// <summary>Reads and decodes a PNG file, applying the size limits of <paramref name="options"/>.</summary>
    /// <param name="path">The file to read.</param>
    /// <param name="options">Limits; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ImageFormatException">The file is empty, too large, not a PNG, or corrupt.</exception>
    /// <exception cref="DllNotFoundException">libpng16 is not installed.</exception>
    public static DecodedImage Read(string path, ImageReaderOptions? options = null)
    {
        options ??= ImageReaderOptions.Default;
        byte[] bytes = BoundedFile.ReadAllBytes(path, options.MaxFileBytes);
        return Decode(bytes, path, options);
    }

    /// <summary>Decodes PNG bytes already in memory.</summary>
    /// <param name="data">The whole PNG file.</param>
    /// <param name="name">Source name used in error messages and as <see cref="DecodedImage.Name"/>.</param>
    /// <param name="options">Limits; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ImageFormatException">The bytes are empty, not a PNG, or corrupt.</exception>
    public static DecodedImage Decode(ReadOnlySpan<byte> data, string name, ImageReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (ImageFormatDetector.Detect(data) != ImageFileFormat.Png)
        {
            if (data.IsEmpty)
            {
                ImageThrowHelper.ThrowEmpty(name);
            }

            ImageThrowHelper.Throw(name, ImageErrorKind.UnknownFormat, ImageFormatDetector.DescribeUnknown(data));
        }

        return PngDecoderCore.Decode(data, name, options ?? ImageReaderOptions.Default);
    }

    /// <summary>Encodes an image as an 8-bit PNG (gray, gray+alpha, RGB or RGBA by its channel count).</summary>
    /// <param name="image">The image.</param>
    public static byte[] Encode(DecodedImage image) => PngEncoderCore.Encode(image);

    /// <summary>Writes an image as an 8-bit PNG file, atomically (temporary file, then rename).</summary>
    /// <param name="path">The destination; its directory must exist.</param>
    /// <param name="image">The image.</param>
    public static void Write(string path, DecodedImage image)
    {
        byte[] png = PngEncoderCore.Encode(image);
        AtomicFile.Write(path, stream => stream.Write(png));
    }
}
