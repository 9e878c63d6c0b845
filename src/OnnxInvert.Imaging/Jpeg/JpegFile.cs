namespace OnnxInvert.Imaging;

/// <summary>
/// JPEG reading through the system libturbojpeg (package libturbojpeg0). Grayscale JPEGs decode to 1 channel, YCbCr and
/// RGB JPEGs to 3 (RGB); CMYK/YCCK JPEGs are rejected. Any decoder warning (truncation, corrupt data) is an error.
/// </summary>
public static class JpegFile
{
    /// <summary>Reads and decodes a JPEG file, applying the size limits of <paramref name="options"/>.</summary>
    /// <param name="path">The file to read.</param>
    /// <param name="options">Limits; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ImageFormatException">The file is empty, too large, not a JPEG, corrupt or unsupported.</exception>
    /// <exception cref="DllNotFoundException">libturbojpeg is not installed (the message says: apt-get install libturbojpeg0).</exception>
    public static DecodedImage Read(string path, ImageReaderOptions? options = null)
    {
        options ??= ImageReaderOptions.Default;
        byte[] bytes = BoundedFile.ReadAllBytes(path, options.MaxFileBytes);
        return Decode(bytes, path, options);
    }

    /// <summary>Decodes JPEG bytes already in memory.</summary>
    /// <param name="data">The whole JPEG file.</param>
    /// <param name="name">Source name used in error messages and as <see cref="DecodedImage.Name"/>.</param>
    /// <param name="options">Limits; <see langword="null"/> for the defaults.</param>
    /// <exception cref="ImageFormatException">The bytes are empty, not a JPEG, corrupt or unsupported.</exception>
    public static DecodedImage Decode(ReadOnlySpan<byte> data, string name, ImageReaderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (ImageFormatDetector.Detect(data) != ImageFileFormat.Jpeg)
        {
            if (data.IsEmpty)
            {
                ImageThrowHelper.ThrowEmpty(name);
            }

            ImageThrowHelper.Throw(name, ImageErrorKind.UnknownFormat, ImageFormatDetector.DescribeUnknown(data));
        }

        return JpegDecoderCore.Decode(data, name, options ?? ImageReaderOptions.Default);
    }
}
