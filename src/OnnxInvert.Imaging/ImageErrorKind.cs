namespace OnnxInvert.Imaging;

/// <summary>What made an image file unusable; carried by <see cref="ImageFormatException.Kind"/>.</summary>
public enum ImageErrorKind
{
    /// <summary>The file has no bytes.</summary>
    Empty,

    /// <summary>The file is larger than <see cref="ImageReaderOptions.MaxFileBytes"/>.</summary>
    FileTooLarge,

    /// <summary>The image has more pixels than <see cref="ImageReaderOptions.MaxPixels"/>.</summary>
    TooManyPixels,

    /// <summary>The bytes are neither PNG nor JPEG (detected from the leading magic bytes).</summary>
    UnknownFormat,

    /// <summary>The file claims to be PNG or JPEG but the decoder rejected it (truncated, bad checksum, bad data).</summary>
    Corrupt,

    /// <summary>A valid file in a variant this library does not decode (for example a CMYK JPEG).</summary>
    Unsupported,

    /// <summary>The image has a different channel count than expected and no conversion was allowed.</summary>
    ChannelMismatch,

    /// <summary>The image has a different width or height than expected.</summary>
    SizeMismatch,

    /// <summary>The path is a device, named pipe, socket or folder rather than a regular file.</summary>
    NotRegularFile,
}
