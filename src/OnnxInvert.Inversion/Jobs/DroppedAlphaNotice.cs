using OnnxInvert.Imaging;

namespace OnnxInvert.Inversion.Jobs;

/// <summary>
/// Says when converting targets drops an alpha channel (<c>--resize</c> converts RGBA to RGB and gray+alpha to gray
/// without compositing): one notice for the run naming the file, or the first file and how many, and a warning for
/// images whose only content is in alpha, which become blank.
/// </summary>
internal static class DroppedAlphaNotice
{
    /// <summary>Reports through <paramref name="notice"/> on the <paramref name="images"/> whose alpha <paramref name="spec"/> drops.</summary>
    public static void Report(IReadOnlyList<DecodedImage> images, ImageTensorSpec spec, Action<string> notice)
    {
        if (!spec.AllowedConversions.HasFlag(ChannelConversion.DropAlpha))
        {
            return;
        }

        var dropped = images.Where(i => i.HasAlpha && i.Channels != spec.Channels).ToList();
        if (dropped.Count == 0)
        {
            return;
        }

        notice(dropped.Count == 1
            ? $"{dropped[0].Name}: its alpha channel is dropped (not composited) to fit the generator's {spec.Channels} channel(s)"
            : $"{dropped.Count} images have an alpha channel, dropped (not composited) to fit the generator's {spec.Channels} channel(s); the first is {dropped[0].Name}");
        var blank = dropped.Where(AlphaContent.IsOnlyInAlpha).ToList();
        if (blank.Count > 0)
        {
            notice(blank.Count == 1
                ? $"warning: {blank[0].Name}: all its content is in the alpha channel (the colour channels are constant), so without alpha the target is blank"
                : $"warning: {blank.Count} images have all their content in the alpha channel (the colour channels are constant), so without alpha those targets are blank; the first is {blank[0].Name}");
        }
    }
}
