namespace OnnxInvert.Imaging;

/// <summary>
/// What an image's alpha channel carries, for telling a user what dropping it (<see cref="ChannelConversion.DropAlpha"/>,
/// which does not composite) loses.
/// </summary>
public static class AlphaContent
{
    /// <summary>
    /// Whether all of <paramref name="image"/>'s content is in its alpha channel: every colour (or gray) value is the
    /// same over the whole image while alpha varies, so without alpha the image is one flat colour (blank). False for an
    /// image without alpha.
    /// </summary>
    /// <param name="image">The decoded image.</param>
    public static bool IsOnlyInAlpha(DecodedImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (!image.HasAlpha)
        {
            return false;
        }

        int channels = image.Channels;
        ReadOnlySpan<byte> pixels = image.Pixels;
        ReadOnlySpan<byte> first = pixels[..channels];
        bool alphaVaries = false;
        for (int p = channels; p < pixels.Length; p += channels)
        {
            for (int c = 0; c < channels - 1; c++)
            {
                if (pixels[p + c] != first[c])
                {
                    return false;
                }
            }

            alphaVaries |= pixels[p + channels - 1] != first[channels - 1];
        }

        return alphaVaries;
    }
}
