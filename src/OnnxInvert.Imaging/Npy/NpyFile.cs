using OnnxInvert.Shared.IO;

namespace OnnxInvert.Imaging;

/// <summary>
/// Reads and writes NumPy .npy files. Writes float32, float64, uint8, int32 and int64, little-endian, C order, format
/// 1.0 byte-for-byte as NumPy does. Reads format versions 1.0, 2.0 and 3.0 and converts on the way in what NumPy
/// itself would load as the same values:
/// <list type="bullet">
/// <item>big-endian (<c>&gt;f4</c>, <c>&gt;f8</c>, <c>&gt;i4</c>, <c>&gt;i8</c>) is byte-swapped;</item>
/// <item>float16 (<c>&lt;f2</c>, <c>&gt;f2</c>) is widened exactly to <see cref="NpyDataType.Float32"/>;</item>
/// <item>bool (<c>|b1</c>) becomes <see cref="NpyDataType.UInt8"/> 0 or 1;</item>
/// <item>Fortran order (<c>fortran_order: True</c>, e.g. <c>np.save</c> of a transposed array) is reordered to C order,
/// so <see cref="NpyArray.Shape"/> and the element order are those of the NumPy array.</item>
/// </list>
/// Refused with an <see cref="NpyFormatException"/> naming the file and the problem: a bad magic or version; a
/// truncated, oversized (over 1 MiB) or malformed header; object (pickled), structured, string, complex and other
/// dtypes; negative or overflowing dimensions, more than 64 of them, or more elements than one buffer can hold; data
/// shorter or longer than the header's shape; and (for paths) anything that is not a regular file, such as a device or a
/// named pipe. No buffer is sized from the header before the file is known to hold the data, so a lying header cannot
/// exhaust memory. Zero-size arrays and 0-d scalars are valid and read; whether their shape fits is the caller's check.
/// </summary>
public static class NpyFile
{
    /// <summary>Reads an .npy file.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="NpyFormatException">The file is not a readable NPY array or not a regular file; the message
    /// names the file.</exception>
    /// <exception cref="IOException">The file cannot be opened or read (missing, no permission).</exception>
    public static NpyArray Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (RegularFileCheck.DescribeNonRegular(path) is { } kind)
        {
            NpyThrowHelper.Throw(path, $"not a regular file (it is {kind}); NPY arrays are read from regular files");
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 16, FileOptions.SequentialScan);
        return NpyReaderCore.Read(stream, path);
    }

    /// <summary>Reads an NPY array from a stream positioned at its magic bytes; a seekable stream must end with the data.</summary>
    /// <param name="stream">The stream.</param>
    /// <param name="name">Source name used in error messages.</param>
    /// <exception cref="NpyFormatException">The stream does not hold a readable NPY array; the message starts with
    /// <paramref name="name"/>.</exception>
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

    /// <summary>
    /// The bytes <see cref="Write(Stream, NpyArray)"/> puts before the data of an array of <paramref name="type"/> and
    /// <paramref name="shape"/> (for files whose rows are written in place after it).
    /// </summary>
    /// <param name="type">The element type.</param>
    /// <param name="shape">The shape.</param>
    public static byte[] Header(NpyDataType type, IReadOnlyList<int> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return NpyWriterCore.BuildHeader(type, shape);
    }
}
