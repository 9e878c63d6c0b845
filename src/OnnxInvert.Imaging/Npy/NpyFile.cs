namespace OnnxInvert.Imaging;

/// <summary>
/// Reads and writes NumPy .npy files: float32, float64, uint8, int32 and int64, little-endian, C order. Reads format
/// versions 1.0, 2.0 and 3.0; writes 1.0 byte-for-byte as NumPy does. Fortran-order, big-endian, object and structured
/// arrays are rejected, as is data shorter or longer than the header's shape.
/// </summary>
public static class NpyFile
{
    /// <summary>Reads an .npy file.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="NpyFormatException">The file is not a readable NPY array; the message names the file.</exception>
    /// <exception cref="IOException">The file cannot be opened or read.</exception>
    public static NpyArray Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.SequentialScan);
        return NpyReaderCore.Read(stream, path);
    }

    /// <summary>Reads an NPY array from a stream positioned at its magic bytes; a seekable stream must end with the data.</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="name">Source name used in error messages.</param>
    /// <exception cref="NpyFormatException">The stream does not hold a readable NPY array.</exception>
    public static NpyArray Read(Stream stream, string name)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(name);
        return NpyReaderCore.Read(stream, name);
    }

    /// <summary>Writes an .npy file atomically: to a temporary file in the same folder, then renamed over <paramref name="path"/>.</summary>
    /// <param name="path">The destination; its directory must exist.</param>
    /// <param name="array">The array.</param>
    public static void Write(string path, NpyArray array)
    {
        ArgumentNullException.ThrowIfNull(array);
        AtomicFile.Write(path, stream => NpyWriterCore.Write(stream, array));
    }

    /// <summary>Writes an NPY array to a stream.</summary>
    /// <param name="stream">The destination.</param>
    /// <param name="array">The array.</param>
    public static void Write(Stream stream, NpyArray array) => NpyWriterCore.Write(stream, array);
}
