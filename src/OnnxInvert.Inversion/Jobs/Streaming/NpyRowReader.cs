using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using OnnxInvert.Imaging;

namespace OnnxInvert.Inversion.Jobs.Streaming;

/// <summary>
/// Reads rows (the first axis) of a C-order .npy file by seeking to them, never the whole array: each run of rows is
/// handed to <see cref="NpyFile"/> as a small array of its own (the file's header with the row count changed), so
/// every dtype and byte order it reads is read the same way here. Little-endian float32, what a streaming run reads
/// row after row, is read straight into the caller's buffer (<see cref="ReadInto"/>).
/// </summary>
internal sealed partial class NpyRowReader
{
    private readonly string _path;
    private readonly string _headerText;
    private readonly Match _shape;
    private readonly long _dataOffset;
    private readonly int _rowBytes;

    private readonly bool _littleFloat32;

    private NpyRowReader(string path, string headerText, Match shape, long dataOffset, int rowBytes, int[] dims)
    {
        _littleFloat32 = BitConverter.IsLittleEndian && LittleFloat32Pattern().IsMatch(headerText);
        _path = path;
        _headerText = headerText;
        _shape = shape;
        _dataOffset = dataOffset;
        _rowBytes = rowBytes;
        Shape = dims;
    }

    /// <summary>The array's shape (the first axis is the row count).</summary>
    public int[] Shape { get; }

    public int Rows => Shape[0];

    /// <summary>Bytes of one row in the file.</summary>
    public int RowBytes => _rowBytes;

    /// <summary>Opens <paramref name="path"/>'s header and checks that the file holds every row.</summary>
    /// <exception cref="NpyFormatException">Not an .npy file this reader can seek in (Fortran order, no rows axis, a
    /// malformed header, data shorter or longer than the shape); the message names the file.</exception>
    public static NpyRowReader Open(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        Span<byte> prefix = stackalloc byte[12];
        if (stream.ReadAtLeast(prefix, 12, throwOnEndOfStream: false) < 10 || prefix[0] != 0x93 || !prefix[1..6].SequenceEqual("NUMPY"u8))
        {
            throw Problem(path, "not an .npy file (no NPY magic)");
        }

        int major = prefix[6];
        long headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(prefix[8..10]) : BinaryPrimitives.ReadUInt32LittleEndian(prefix[8..12]);
        int start = major == 1 ? 10 : 12;
        if (major is < 1 or > 3 || headerLength > (1 << 20))
        {
            throw Problem(path, string.Create(CultureInfo.InvariantCulture, $"NPY format version {major} with a {headerLength}-byte header is not read"));
        }

        if (stream.Length < start + headerLength)
        {
            throw Problem(path, string.Create(CultureInfo.InvariantCulture, $"the file is {stream.Length} bytes, shorter than its {headerLength}-byte header (truncated?)"));
        }

        var header = new byte[headerLength];
        stream.Position = start;
        stream.ReadExactly(header);
        string text = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(header);
        if (FortranPattern().IsMatch(text))
        {
            throw Problem(path, "the array is stored in Fortran order, whose rows are not contiguous; save it in C order (np.ascontiguousarray) to stream it");
        }

        var shape = ShapePattern().Match(text);
        var descr = DescrPattern().Match(text);
        if (!shape.Success || !descr.Success)
        {
            throw Problem(path, "the header has no readable 'shape' or 'descr'");
        }

        string[] parts = shape.Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var dims = new int[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            if (!int.TryParse(parts[i], NumberStyles.None, CultureInfo.InvariantCulture, out dims[i]))
            {
                throw Problem(path, $"the header's shape ({shape.Groups[1].Value}) has a dimension '{parts[i]}' that is not a whole number of at most {int.MaxValue}");
            }
        }

        if (dims.Length == 0)
        {
            throw Problem(path, "the array is a scalar; targets need a first axis of images");
        }

        if (!int.TryParse(descr.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int element) || element is < 1 or > 16)
        {
            throw Problem(path, $"the header's descr has an element size '{descr.Groups[1].Value}' that is not read");
        }

        long rowBytes = dims.Skip(1).Aggregate((long)element, (a, d) => a * d > int.MaxValue ? int.MaxValue + 1L : a * d);
        if (rowBytes > int.MaxValue)
        {
            throw Problem(path, string.Create(CultureInfo.InvariantCulture, $"one row of shape ({string.Join(", ", dims)}) is over {int.MaxValue} bytes"));
        }

        long dataOffset = start + headerLength;
        if (stream.Length - dataOffset != rowBytes * dims[0])
        {
            throw Problem(path, string.Create(CultureInfo.InvariantCulture, $"the data is {stream.Length - dataOffset} bytes; the shape ({string.Join(", ", dims)}) needs {rowBytes * dims[0]}"));
        }

        return new NpyRowReader(path, text, shape, dataOffset, checked((int)rowBytes), dims);
    }

    /// <summary>Rows [<paramref name="first"/>, <paramref name="first"/> + <paramref name="count"/>) as floats, row after row.</summary>
    public float[] Read(int first, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(first + count, Rows);
        string rest = string.Join(", ", Shape.Skip(1).Select(d => d.ToString(CultureInfo.InvariantCulture)));
        string shape = Shape.Length == 1 ? $"({count},)" : $"({count}, {rest})";
        string text = string.Concat(_headerText.AsSpan(0, _shape.Groups[1].Index - 1), shape, _headerText.AsSpan(_shape.Groups[1].Index + _shape.Groups[1].Length + 1));
        text = text.TrimEnd('\n', ' ') + "\n";
        byte[] header = Encoding.Latin1.GetBytes(text);
        using var chunk = new MemoryStream(12 + header.Length + (count * _rowBytes));
        chunk.Write([0x93, .. "NUMPY"u8, 2, 0]);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)header.Length);
        chunk.Write(length);
        chunk.Write(header);
        using (var file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1))
        {
            file.Position = _dataOffset + ((long)first * _rowBytes);
            var buffer = new byte[count * _rowBytes];
            file.ReadExactly(buffer);
            chunk.Write(buffer);
        }

        chunk.Position = 0;
        return NpyFile.Read(chunk, _path).ToSingleArray();
    }

    /// <summary>
    /// Rows [<paramref name="first"/>, <paramref name="first"/> + <paramref name="count"/>) as floats into
    /// <paramref name="into"/> (exactly their length): little-endian float32 by one read into it, nothing allocated
    /// per row; any other dtype as <see cref="Read"/> gives it.
    /// </summary>
    public void ReadInto(int first, int count, Span<float> into)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(first + count, Rows);
        if (!_littleFloat32)
        {
            Read(first, count).CopyTo(into);
            return;
        }

        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(into);
        ArgumentOutOfRangeException.ThrowIfNotEqual(bytes.Length, count * _rowBytes, nameof(into));
        using var file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1);
        file.Position = _dataOffset + ((long)first * _rowBytes);
        file.ReadExactly(bytes);
    }

    private static NpyFormatException Problem(string path, string message) => new(path, message);

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();

    [GeneratedRegex(@"'descr'\s*:\s*'[<>|=]?[a-zA-Z](\d+)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'descr'\s*:\s*'[<=]f4'")]
    private static partial Regex LittleFloat32Pattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*True")]
    private static partial Regex FortranPattern();
}
