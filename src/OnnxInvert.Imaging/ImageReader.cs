namespace OnnxInvert.Imaging;

/// <summary>
/// Entry point for loading images: detects PNG or JPEG from the leading bytes (never from the extension), enforces the
/// limits of <see cref="ImageReaderOptions"/>, and reads whole folders, collecting per-file errors.
/// </summary>
public sealed class ImageReader
{
    private static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg"];

    /// <summary>Creates a reader.</summary>
    /// <param name="options">Limits; <see langword="null"/> for a new default <see cref="ImageReaderOptions"/>.</param>
    public ImageReader(ImageReaderOptions? options = null)
    {
        Options = options ?? new ImageReaderOptions();
    }

    /// <summary>The limits this reader applies.</summary>
    public ImageReaderOptions Options { get; }

    /// <summary>The format announced by <paramref name="header"/> (the first 8 or more bytes of a file).</summary>
    /// <param name="header">The leading bytes.</param>
    public static ImageFileFormat DetectFormat(ReadOnlySpan<byte> header) => ImageFormatDetector.Detect(header);

    /// <summary>The *.png, *.jpg and *.jpeg files directly in <paramref name="directory"/> (extension matched
    /// case-insensitively), sorted by ordinal file name so the order is the same on every machine.</summary>
    /// <param name="directory">The folder; not searched recursively.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static IReadOnlyList<string> ListImageFiles(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        var files = new List<string>();
        foreach (string file in Directory.EnumerateFiles(directory))
        {
            string extension = Path.GetExtension(file);
            if (Array.Exists(ImageExtensions, e => e.Equals(extension, StringComparison.OrdinalIgnoreCase)))
            {
                files.Add(file);
            }
        }

        files.Sort(static (a, b) => string.CompareOrdinal(Path.GetFileName(a), Path.GetFileName(b)));
        return files;
    }

    /// <summary>Reads and decodes one PNG or JPEG file.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="ImageFormatException">The file is empty, over a limit, of another format, or corrupt; the
    /// message names the file.</exception>
    /// <exception cref="IOException">The file cannot be opened or read.</exception>
    /// <exception cref="DllNotFoundException">The system library for the detected format is missing.</exception>
    public DecodedImage Read(string path)
    {
        byte[] bytes = BoundedFile.ReadAllBytes(path, Options.MaxFileBytes);
        return Decode(bytes, path);
    }

    /// <summary>Decodes PNG or JPEG bytes already in memory, detecting the format from the leading bytes.</summary>
    /// <param name="data">The whole file.</param>
    /// <param name="name">Source name used in errors and as <see cref="DecodedImage.Name"/>.</param>
    /// <exception cref="ImageFormatException">The bytes are empty, over a limit, of another format, or corrupt.</exception>
    public DecodedImage Decode(ReadOnlySpan<byte> data, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (data.IsEmpty)
        {
            ImageThrowHelper.ThrowEmpty(name);
        }

        if (data.Length > Options.MaxFileBytes)
        {
            ImageThrowHelper.ThrowFileTooLarge(name, data.Length, Options.MaxFileBytes);
        }

        ImageFileFormat format = ImageFormatDetector.Detect(data);
        if (format == ImageFileFormat.Unknown)
        {
            ImageThrowHelper.Throw(name, ImageErrorKind.UnknownFormat, ImageFormatDetector.DescribeUnknown(data));
        }

        return format == ImageFileFormat.Png
            ? PngDecoderCore.Decode(data, name, Options)
            : JpegDecoderCore.Decode(data, name, Options);
    }

    /// <summary>
    /// Reads every *.png, *.jpg and *.jpeg file in <paramref name="directory"/> in sorted order (see
    /// <see cref="ListImageFiles"/>). A file that fails (corrupt, over a limit, unreadable) is recorded in
    /// <see cref="ImageFolderResult.Errors"/> and the rest are still read. A missing system library is not a per-file
    /// problem and is thrown.
    /// </summary>
    /// <param name="directory">The folder.</param>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public ImageFolderResult ReadFolder(string directory)
    {
        var images = new List<DecodedImage>();
        var errors = new List<ImageLoadError>();
        foreach (string file in ListImageFiles(directory))
        {
            if (Path.GetFileName(file).Contains('\uFFFD', StringComparison.Ordinal))
            {
                errors.Add(new ImageLoadError(file, new IOException("the file name is not valid UTF-8, so it cannot be opened by name; rename it")));
                continue;
            }

            try
            {
                images.Add(Read(file));
            }
            catch (Exception ex) when (IsPerFileFailure(ex))
            {
                errors.Add(new ImageLoadError(file, ex));
            }
        }

        return new ImageFolderResult(images, errors);
    }

    internal static bool IsPerFileFailure(Exception ex) => ex is ImageFormatException or IOException or UnauthorizedAccessException;
}
