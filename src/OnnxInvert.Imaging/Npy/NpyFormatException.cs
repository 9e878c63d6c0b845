namespace OnnxInvert.Imaging;

/// <summary>An NPY file that cannot be read: bad magic or header, an unsupported dtype, a shape out of range, a data size
/// that does not match the header's shape, or a path that is not a regular file. The message always names the file.
/// </summary>
/// <remarks>A <see cref="FormatException"/>, so callers that treat malformed input as a user error catch it with the
/// rest; <see cref="NpyFile"/> lists every case.</remarks>
public sealed class NpyFormatException : FormatException
{
    /// <summary>Creates the exception; <paramref name="detail"/> is prefixed with the file name in <see cref="Exception.Message"/>.</summary>
    /// <param name="filePath">The file (or stream name).</param>
    /// <param name="detail">What is wrong, without the file name.</param>
    /// <param name="innerException">The underlying failure, if any.</param>
    public NpyFormatException(string filePath, string detail, Exception? innerException = null)
        : base($"{filePath}: {detail}", innerException)
    {
        FilePath = filePath;
        Detail = detail;
    }

    /// <summary>The file (or stream name) the problem was found in.</summary>
    public string FilePath { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string Detail { get; }
}
