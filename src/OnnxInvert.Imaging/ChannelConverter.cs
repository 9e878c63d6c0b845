namespace OnnxInvert.Imaging;

/// <summary>Explicit channel-count conversions for <see cref="DecodedImage"/>.</summary>
internal static class ChannelConverter
{
    // BT.601 luma weights in thousandths; they sum to 1000 so white stays 255.
    private const int LumaR = 299;
    private const int LumaG = 587;
    private const int LumaB = 114;

    public static DecodedImage Convert(DecodedImage image, int targetChannels, ChannelConversion allowed)
    {
        ArgumentNullException.ThrowIfNull(image);
        int source = image.Channels;
        if (source == targetChannels)
        {
            return image;
        }

        if (targetChannels is not (1 or 3))
        {
            ImageThrowHelper.Throw(image.Name, ImageErrorKind.ChannelMismatch,
                $"the image is {image.Width}x{image.Height} with {Describe(source)}; expected {Describe(targetChannels)}, " +
                "and only conversions to 1 (gray) or 3 (RGB) channels are supported");
        }

        ChannelConversion needed = Needed(source, targetChannels);
        ChannelConversion missing = needed & ~allowed;
        if (missing != ChannelConversion.None)
        {
            ImageThrowHelper.Throw(image.Name, ImageErrorKind.ChannelMismatch,
                $"the image is {image.Width}x{image.Height} with {Describe(source)}; expected {Describe(targetChannels)}. " +
                $"Converting needs {needed}; not allowed: {missing} (enable it explicitly, e.g. ChannelConversion.{missing.ToString().Replace(", ", " | ChannelConversion.", StringComparison.Ordinal)})");
        }

        var result = new byte[(long)image.Width * image.Height * targetChannels];
        ConvertPixels(image.Pixels, source, result, targetChannels);
        return new DecodedImage(image.Name, image.Width, image.Height, targetChannels, result);
    }

    public static string Describe(int channels) => channels switch
    {
        1 => "1 channel (gray)",
        2 => "2 channels (gray+alpha)",
        3 => "3 channels (RGB)",
        4 => "4 channels (RGBA)",
        _ => $"{channels} channels",
    };

    private static ChannelConversion Needed(int source, int target)
    {
        var needed = ChannelConversion.None;
        if (source is 2 or 4)
        {
            needed |= ChannelConversion.DropAlpha;
        }

        bool sourceColor = source >= 3;
        bool targetColor = target == 3;
        if (sourceColor && !targetColor)
        {
            needed |= ChannelConversion.RgbToGray;
        }
        else if (!sourceColor && targetColor)
        {
            needed |= ChannelConversion.GrayToRgb;
        }

        return needed;
    }

    private static void ConvertPixels(ReadOnlySpan<byte> src, int sourceChannels, Span<byte> dst, int targetChannels)
    {
        int pixelCount = dst.Length / targetChannels;
        bool sourceColor = sourceChannels >= 3;
        for (int i = 0, s = 0, d = 0; i < pixelCount; i++, s += sourceChannels, d += targetChannels)
        {
            if (targetChannels == 1)
            {
                dst[d] = sourceColor ? Luma(src[s], src[s + 1], src[s + 2]) : src[s];
            }
            else if (sourceColor)
            {
                dst[d] = src[s];
                dst[d + 1] = src[s + 1];
                dst[d + 2] = src[s + 2];
            }
            else
            {
                byte gray = src[s];
                dst[d] = gray;
                dst[d + 1] = gray;
                dst[d + 2] = gray;
            }
        }
    }

    internal static byte Luma(byte r, byte g, byte b) => (byte)(((LumaR * r) + (LumaG * g) + (LumaB * b) + 500) / 1000);
}
