namespace OnnxInvert.Imaging;

/// <summary>Constants of the libpng 1.6 simplified API (png.h).</summary>
internal static class PngConstants
{
    /// <summary>PNG_IMAGE_VERSION.</summary>
    public const uint ImageVersion = 1;

    /// <summary>PNG_FORMAT_FLAG_ALPHA.</summary>
    public const uint FormatFlagAlpha = 0x01;

    /// <summary>PNG_FORMAT_FLAG_COLOR.</summary>
    public const uint FormatFlagColor = 0x02;

    /// <summary>PNG_FORMAT_FLAG_LINEAR (2-byte channels).</summary>
    public const uint FormatFlagLinear = 0x04;

    /// <summary>PNG_FORMAT_FLAG_COLORMAP.</summary>
    public const uint FormatFlagColormap = 0x08;

    /// <summary>PNG_FORMAT_GRAY.</summary>
    public const uint FormatGray = 0;

    /// <summary>PNG_FORMAT_GA.</summary>
    public const uint FormatGrayAlpha = FormatFlagAlpha;

    /// <summary>PNG_FORMAT_RGB.</summary>
    public const uint FormatRgb = FormatFlagColor;

    /// <summary>PNG_FORMAT_RGBA.</summary>
    public const uint FormatRgba = FormatFlagColor | FormatFlagAlpha;

    /// <summary>PNG_IMAGE_FLAG_16BIT_sRGB: on read, treat 16-bit data without gAMA/sRGB chunks as sRGB-encoded, so
    /// 8-bit output is a plain rescale instead of a linear-to-sRGB transfer.</summary>
    public const uint ImageFlag16BitSrgb = 0x04;

    /// <summary>PNG_ZBUF_SIZE, used by libpng's PNG_IMAGE_PNG_SIZE_MAX bound.</summary>
    public const long ZBufSize = 8192;

    /// <summary>The 8-bit format with the given channel count (1 gray, 2 GA, 3 RGB, 4 RGBA).</summary>
    public static uint FormatForChannels(int channels) => channels switch
    {
        1 => FormatGray,
        2 => FormatGrayAlpha,
        3 => FormatRgb,
        4 => FormatRgba,
        _ => throw new ArgumentOutOfRangeException(nameof(channels), channels, "PNG channels must be 1 to 4."),
    };

    /// <summary>Channels per pixel of an 8-bit, non-colormapped format.</summary>
    public static int ChannelsOf(uint format) =>
        ((format & FormatFlagColor) != 0 ? 3 : 1) + ((format & FormatFlagAlpha) != 0 ? 1 : 0);
}
