using OnnxInvert.Imaging;

namespace OnnxInvert.Inversion.Jobs;

/// <summary>
/// Says when converting targets drops an alpha channel (<c>--resize</c> converts RGBA to RGB and gray+alpha to gray
/// without compositing): one notice for the run naming the file, or the first file and how many, and a warning for
/// images whose only content is in alpha, which become blank. Images are observed one at a time as they are checked,
/// so a large input is never held.
/// </summary>
internal sealed class DroppedAlphaNotice(ImageTensorSpec spec)
{
    private readonly bool _drops = spec.AllowedConversions.HasFlag(ChannelConversion.DropAlpha);
    private int _dropped;
    private string? _firstDropped;
    private int _blank;
    private string? _firstBlank;

    /// <summary>Notes whether <paramref name="image"/> loses its alpha channel, and whether that leaves it blank.</summary>
    public void Observe(DecodedImage image)
    {
        if (!_drops || !image.HasAlpha || image.Channels == spec.Channels)
        {
            return;
        }

        _dropped++;
        _firstDropped ??= image.Name;
        if (AlphaContent.IsOnlyInAlpha(image))
        {
            _blank++;
            _firstBlank ??= image.Name;
        }
    }

    /// <summary>Reports what <see cref="Observe"/> saw through <paramref name="notice"/> (nothing when no alpha was dropped).</summary>
    public void Report(Action<string> notice)
    {
        if (_dropped == 0)
        {
            return;
        }

        notice(_dropped == 1
            ? $"{_firstDropped}: its alpha channel is dropped (not composited) to fit the generator's {spec.Channels} channel(s)"
            : $"{_dropped} images have an alpha channel, dropped (not composited) to fit the generator's {spec.Channels} channel(s); the first is {_firstDropped}");
        if (_blank > 0)
        {
            notice(_blank == 1
                ? $"warning: {_firstBlank}: all its content is in the alpha channel (the colour channels are constant), so without alpha the target is blank"
                : $"warning: {_blank} images have all their content in the alpha channel (the colour channels are constant), so without alpha those targets are blank; the first is {_firstBlank}");
        }
    }
}
