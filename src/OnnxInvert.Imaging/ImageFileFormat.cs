namespace OnnxInvert.Imaging;

/// <summary>An image container format, as detected from a file's leading bytes.</summary>
public enum ImageFileFormat
{
    /// <summary>Neither PNG nor JPEG.</summary>
    Unknown,

    /// <summary>PNG (signature 89 50 4E 47 0D 0A 1A 0A).</summary>
    Png,

    /// <summary>JPEG (SOI marker FF D8 followed by another marker FF).</summary>
    Jpeg,
}
