namespace OnnxInvert.Imaging;

/// <summary>One file that could not be loaded while reading a folder; the other files were still read.</summary>
public sealed class ImageLoadError
{
    /// <summary>Creates the record.</summary>
    /// <param name="filePath">The file that failed.</param>
    /// <param name="exception">Why it failed.</param>
    public ImageLoadError(string filePath, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(filePath);
        ArgumentNullException.ThrowIfNull(exception);
        FilePath = filePath;
        Exception = exception;
    }

    /// <summary>The file that failed.</summary>
    public string FilePath { get; }

    /// <summary>Why it failed: an <see cref="ImageFormatException"/>, or an I/O exception.</summary>
    public Exception Exception { get; }

    /// <summary>The error category when the failure was an <see cref="ImageFormatException"/>; otherwise <see langword="null"/>
    /// (an I/O or permission failure).</summary>
    public ImageErrorKind? Kind => (Exception as ImageFormatException)?.Kind;

    /// <summary>The message, which names the file.</summary>
    public string Message => Exception.Message;

    /// <inheritdoc/>
    public override string ToString() => Message;
}
