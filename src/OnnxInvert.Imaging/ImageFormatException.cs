namespace OnnxInvert.Imaging;

/// <summary>
/// An image file that cannot be used: unreadable content, over a size limit, an unknown format, or a size or channel
/// count that does not match what the model expects. The message always names the file.
/// </summary>
/// <remarks>File-system failures (missing file, no permission) surface as the usual <see cref="IOException"/> or
/// <see cref="UnauthorizedAccessException"/>, which also name the file.</remarks>
public sealed class ImageFormatException : Exception
{
    /// <summary>Creates the exception; <paramref name="detail"/> is prefixed with the file name in <see cref="Exception.Message"/>.</summary>
    /// <param name="filePath">The file (or source name) the problem was found in.</param>
    /// <param name="kind">The category of the problem.</param>
    /// <param name="detail">What is wrong, without the file name.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public ImageFormatException(string filePath, ImageErrorKind kind, string detail, Exception? innerException = null)
        : base($"{filePath}: {detail}", innerException)
    {
        FilePath = filePath;
        Kind = kind;
        Detail = detail;
    }

    /// <summary>The file (or source name) the problem was found in.</summary>
    public string FilePath { get; }

    /// <summary>The category of the problem.</summary>
    public ImageErrorKind Kind { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string Detail { get; }
}
