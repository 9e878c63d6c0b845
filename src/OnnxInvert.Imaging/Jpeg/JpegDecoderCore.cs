namespace OnnxInvert.Imaging;

/// <summary>
/// Decodes JPEG bytes through libturbojpeg into 8-bit gray (for grayscale JPEGs) or RGB (for YCbCr and RGB JPEGs).
/// Strict: any libjpeg warning (such as a premature end of data) fails the decode, because a half-decoded image is a
/// wrong target rather than a usable one.
/// </summary>
internal static unsafe class JpegDecoderCore
{
    private const int DecodeFlags = TurboJpegConstants.FlagAccurateDct | TurboJpegConstants.FlagStopOnWarning | TurboJpegConstants.FlagLimitScans;

    public static DecodedImage Decode(ReadOnlySpan<byte> data, string name, ImageReaderOptions options)
    {
        if (data.IsEmpty)
        {
            ImageThrowHelper.ThrowEmpty(name);
        }

        TurboJpeg api = TurboJpeg.Instance;
        using TurboJpegHandle handle = TurboJpegHandle.CreateDecompressor(api);
        nint raw = handle.DangerousGetHandle();
        var size = new System.Runtime.InteropServices.CULong((nuint)data.Length);
        fixed (byte* source = data)
        {
            int width = 0, height = 0, subsampling = 0, colorspace = 0;
            if (api.DecompressHeader3(raw, source, size, &width, &height, &subsampling, &colorspace) != 0)
            {
                JpegThrowHelper.ThrowDecodeFailed(name, "header", api.GetError(handle));
            }

            if (width <= 0 || height <= 0)
            {
                // tjDecompressHeader3 succeeds without dimensions on tables-only or cut-off headers.
                ImageThrowHelper.Throw(name, ImageErrorKind.Corrupt, $"the JPEG header holds no image (width {width}, height {height}): damaged or truncated");
            }

            ImageThrowHelper.CheckPixelCount(name, width, height, options.MaxPixels);
            (int channels, int pixelFormat) = colorspace switch
            {
                TurboJpegConstants.ColorspaceGray => (1, TurboJpegConstants.PixelFormatGray),
                TurboJpegConstants.ColorspaceYCbCr or TurboJpegConstants.ColorspaceRgb => (3, TurboJpegConstants.PixelFormatRgb),
                _ => (0, 0),
            };
            if (channels == 0)
            {
                JpegThrowHelper.ThrowUnsupportedColorspace(name, colorspace);
            }

            var pixels = new byte[(long)width * height * channels];
            fixed (byte* destination = pixels)
            {
                if (api.Decompress2(raw, source, size, destination, width, width * channels, height, pixelFormat, DecodeFlags) != 0)
                {
                    JpegThrowHelper.ThrowDecodeFailed(name, "image data", api.GetError(handle));
                }
            }

            return new DecodedImage(name, width, height, channels, pixels);
        }
    }
}
