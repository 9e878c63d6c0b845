using System.Globalization;
using System.Runtime.InteropServices;
using OnnxInvert.Imaging;

namespace OnnxInvert.Inversion.Jobs.Tables;

/// <summary>
/// A run folder's float32 <c>.npy</c> table of one row per image (latents, reconstructions), written in place: the
/// file is laid out at its full size when the job begins (the header for every image, then zeros, so a pending image's
/// row reads as zeros, as it always has), and each finished image's row is written at its place. Rows of other images
/// are never touched, so a row the state has committed cannot be torn by a later write; an uncommitted row is written
/// again when its image is inverted again.
/// </summary>
internal sealed class NpyRowFile : IDisposable
{
    private readonly FileStream _stream;
    private readonly long _dataStart;

    private NpyRowFile(string path, FileStream stream, long dataStart, int rows, int rowLength)
    {
        Path = path;
        _stream = stream;
        _dataStart = dataStart;
        Rows = rows;
        RowLength = rowLength;
    }

    /// <summary>The file's path.</summary>
    public string Path { get; }

    /// <summary>Rows (images) the file holds.</summary>
    public int Rows { get; }

    /// <summary>Values in one row.</summary>
    public int RowLength { get; }

    /// <summary>Creates (replacing) <paramref name="path"/>: <paramref name="rows"/> rows of <paramref name="rowShape"/>, all zeros.</summary>
    public static NpyRowFile Create(string path, int rows, IReadOnlyList<int> rowShape)
    {
        byte[] header = Header(rows, rowShape);
        int rowLength = rowShape.Aggregate(1, (a, d) => a * d);
        var stream = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        try
        {
            stream.Write(header);
            stream.SetLength(header.Length + ((long)rows * rowLength * sizeof(float)));
            return new NpyRowFile(path, stream, header.Length, rows, rowLength);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Opens an existing table, which must have exactly the header and the size <see cref="Create"/> gives.</summary>
    /// <exception cref="InvalidDataException">The file is missing, or its header or size do not fit; the message names the file.</exception>
    public static NpyRowFile Open(string path, int rows, IReadOnlyList<int> rowShape)
    {
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"{path} is missing");
        }

        byte[] header = Header(rows, rowShape);
        int rowLength = rowShape.Aggregate(1, (a, d) => a * d);
        long size = header.Length + ((long)rows * rowLength * sizeof(float));
        var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
        try
        {
            var found = new byte[header.Length];
            int read = stream.ReadAtLeast(found, found.Length, throwOnEndOfStream: false);
            if (read != header.Length || !found.AsSpan().SequenceEqual(header) || stream.Length != size)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{path} is not a float32 table of {rows} rows of ({string.Join(", ", rowShape)}) ({stream.Length} bytes; {size} expected)"));
            }

            return new NpyRowFile(path, stream, header.Length, rows, rowLength);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Writes row <paramref name="row"/>.</summary>
    public void Write(int row, ReadOnlySpan<float> values)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Rows);
        if (values.Length != RowLength)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{Path}: a row has {RowLength} values, not {values.Length}"), nameof(values));
        }

        _stream.Position = _dataStart + ((long)row * RowLength * sizeof(float));
        _stream.Write(MemoryMarshal.AsBytes(values));
    }

    /// <summary>Reads row <paramref name="row"/> into <paramref name="values"/>.</summary>
    public void Read(int row, Span<float> values)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(row);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(row, Rows);
        _stream.Position = _dataStart + ((long)row * RowLength * sizeof(float));
        _stream.ReadExactly(MemoryMarshal.AsBytes(values[..RowLength]));
    }

    /// <summary>Flushes what was written to the disk.</summary>
    public void Commit() => _stream.Flush(flushToDisk: true);

    /// <summary>Closes the file.</summary>
    public void Dispose() => _stream.Dispose();

    /// <summary>The .npy header <see cref="NpyFile"/> writes for the whole table.</summary>
    private static byte[] Header(int rows, IReadOnlyList<int> rowShape) => NpyFile.Header(NpyDataType.Float32, [rows, .. rowShape]);
}
