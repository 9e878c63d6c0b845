namespace OnnxInvert.Imaging;

/// <summary>
/// An 8-bit image in memory: <see cref="Height"/> rows of <see cref="Width"/> pixels, each of <see cref="Channels"/>
/// interleaved bytes (HWC order). Channels are 1 (gray), 2 (gray + alpha), 3 (RGB) or 4 (RGBA).
/// </summary>
public sealed class DecodedImage
{
    private readonly byte[] _pixels;

    /// <summary>Creates an image over <paramref name="pixels"/>, which it takes ownership of (no copy).</summary>
    /// <param name="name">Where the image came from (a file path, or a label); used in error messages.</param>
    /// <param name="width">Pixels per row; positive.</param>
    /// <param name="height">Rows; positive.</param>
    /// <param name="channels">Bytes per pixel: 1, 2, 3 or 4.</param>
    /// <param name="pixels">Exactly <c>width * height * channels</c> bytes in HWC order.</param>
    public DecodedImage(string name, int width, int height, int channels, byte[] pixels)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (channels is < 1 or > 4)
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "Channels must be 1 (gray), 2 (gray+alpha), 3 (RGB) or 4 (RGBA).");
        }

        long expected = (long)width * height * channels;
        if (pixels.LongLength != expected)
        {
            throw new ArgumentException(
                $"{name}: a {width}x{height} image with {channels} channel(s) needs {expected} bytes, got {pixels.LongLength}.", nameof(pixels));
        }

        Name = name;
        Width = width;
        Height = height;
        Channels = channels;
        _pixels = pixels;
    }

    /// <summary>Where the image came from (a file path, or a label).</summary>
    public string Name { get; }

    /// <summary>Pixels per row.</summary>
    public int Width { get; }

    /// <summary>Number of rows.</summary>
    public int Height { get; }

    /// <summary>Bytes per pixel: 1 (gray), 2 (gray + alpha), 3 (RGB) or 4 (RGBA).</summary>
    public int Channels { get; }

    /// <summary>Whether the last channel is alpha (2 or 4 channels).</summary>
    public bool HasAlpha => Channels is 2 or 4;

    /// <summary>The pixel bytes in HWC order (row-major, channels interleaved).</summary>
    public ReadOnlySpan<byte> Pixels => _pixels;

    /// <summary>The byte of channel <paramref name="channel"/> of the pixel in row <paramref name="y"/>, column <paramref name="x"/>.</summary>
    /// <param name="x">Column, 0-based.</param>
    /// <param name="y">Row, 0-based.</param>
    /// <param name="channel">Channel, 0-based.</param>
    public byte this[int x, int y, int channel]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)x, (uint)Width, nameof(x));
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)y, (uint)Height, nameof(y));
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)channel, (uint)Channels, nameof(channel));
            return _pixels[(((y * Width) + x) * Channels) + channel];
        }
    }

    /// <summary>
    /// Returns this image with <paramref name="targetChannels"/> channels (1 or 3, or the current count), converting
    /// only as <paramref name="allowed"/> permits: <see cref="ChannelConversion.DropAlpha"/> discards alpha (no
    /// compositing), <see cref="ChannelConversion.RgbToGray"/> uses the BT.601 luma weights 0.299/0.587/0.114,
    /// <see cref="ChannelConversion.GrayToRgb"/> replicates gray. Returns this instance when nothing changes.
    /// </summary>
    /// <param name="targetChannels">The channel count wanted.</param>
    /// <param name="allowed">The conversions permitted; anything else needed is an error.</param>
    /// <exception cref="ImageFormatException">The conversion needs a step that <paramref name="allowed"/> does not
    /// permit (<see cref="ImageErrorKind.ChannelMismatch"/>); the message names the image, its size and channels.</exception>
    public DecodedImage ConvertChannels(int targetChannels, ChannelConversion allowed) =>
        ChannelConverter.Convert(this, targetChannels, allowed);

    /// <summary>The backing array, for cores in this assembly that own the image.</summary>
    internal byte[] DangerousGetPixelArray() => _pixels;
}
