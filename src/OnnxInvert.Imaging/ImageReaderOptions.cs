namespace OnnxInvert.Imaging;

/// <summary>Limits applied when reading image files; the defaults suit generator targets and sample folders.</summary>
public sealed class ImageReaderOptions
{
    /// <summary>The default <see cref="MaxFileBytes"/>: 64 MiB.</summary>
    public const long DefaultMaxFileBytes = 64L * 1024 * 1024;

    /// <summary>The default <see cref="MaxPixels"/>: 64 megapixels.</summary>
    public const long DefaultMaxPixels = 64L * 1024 * 1024;

    /// <summary>The largest allowed <see cref="MaxPixels"/>: a 4-channel image of this many pixels still fits one array.</summary>
    public const long MaxPixelsLimit = 536_870_000;

    private long _maxFileBytes = DefaultMaxFileBytes;
    private long _maxPixels = DefaultMaxPixels;

    /// <summary>Shared instance with the default limits; treat it as read-only.</summary>
    internal static ImageReaderOptions Default { get; } = new();

    /// <summary>Files larger than this many bytes are rejected before they are read. Must be positive and at most
    /// <see cref="int.MaxValue"/>.</summary>
    public long MaxFileBytes
    {
        get => _maxFileBytes;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, Array.MaxLength);
            _maxFileBytes = value;
        }
    }

    /// <summary>Images with more than this many pixels (width x height) are rejected after the header is read, before
    /// any pixel memory is allocated. Must be positive and at most <see cref="MaxPixelsLimit"/>.</summary>
    public long MaxPixels
    {
        get => _maxPixels;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxPixelsLimit);
            _maxPixels = value;
        }
    }
}
