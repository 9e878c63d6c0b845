namespace OnnxInvert.Imaging;

/// <summary>
/// Decodes PNG bytes through libpng's simplified API into 8-bit gray, GA, RGB or RGBA, keeping the file's own channel
/// layout (palette images expand to RGB or RGBA; tRNS adds alpha). 16-bit files are reduced to 8 bits; their samples
/// are taken as sRGB-encoded when the file has no gAMA/sRGB chunk (PNG_IMAGE_FLAG_16BIT_sRGB), so 8-bit output is
/// round(v / 257). Files with an explicit non-sRGB gamma are converted to sRGB by libpng.
/// </summary>
internal static unsafe class PngDecoderCore
{
    public static DecodedImage Decode(ReadOnlySpan<byte> data, string name, ImageReaderOptions options)
    {
        if (data.IsEmpty)
        {
            ImageThrowHelper.ThrowEmpty(name);
        }

        LibPng api = LibPng.Instance;
        PngImage image = default;
        image.Version = PngConstants.ImageVersion;
        try
        {
            fixed (byte* source = data)
            {
                if (api.BeginReadFromMemory(&image, source, (nuint)data.Length) == 0)
                {
                    PngThrowHelper.ThrowDecodeFailed(name, image);
                }

                ImageThrowHelper.CheckPixelCount(name, image.Width, image.Height, options.MaxPixels);
                uint format = image.Format & (PngConstants.FormatFlagColor | PngConstants.FormatFlagAlpha);
                int channels = PngConstants.ChannelsOf(format);
                int width = checked((int)image.Width);
                int height = checked((int)image.Height);
                image.Format = format;
                image.Flags |= PngConstants.ImageFlag16BitSrgb;

                var pixels = new byte[(long)width * height * channels];
                fixed (byte* destination = pixels)
                {
                    if (api.FinishRead(&image, null, destination, width * channels, null) == 0)
                    {
                        PngThrowHelper.ThrowDecodeFailed(name, image);
                    }
                }

                return new DecodedImage(name, width, height, channels, pixels);
            }
        }
        finally
        {
            api.Free(&image);
        }
    }
}
