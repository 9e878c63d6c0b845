using System.Buffers.Binary;
using System.Text;

namespace OnnxInvert.Imaging;

/// <summary>
/// Reads the NPY format (versions 1.0, 2.0 and 3.0): magic <c>\x93NUMPY</c>, version bytes, a little-endian header
/// length (2 bytes in 1.0, 4 in 2.0/3.0), the header dictionary, then the raw data. Everything the header claims is
/// checked before memory is allocated for it: the data must be exactly as long as the shape and dtype say, and no
/// buffer is sized from the header until the file is known to hold that much data (a stream that cannot seek is read
/// in growing chunks, so a lying header costs only the bytes actually present).
/// </summary>
internal static class NpyReaderCore
{
    /// <summary>Headers longer than this are refused (NumPy's own limit is 10,000 bytes by default).</summary>
    public const int MaxHeaderLength = 1 << 20;

    /// <summary>The most dimensions accepted (NumPy 2 allows 64).</summary>
    public const int MaxRank = 64;

    private const int ChunkBytes = 1 << 20;

    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    public static NpyArray Read(Stream stream, string name)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("NPY reading assumes a little-endian host.");
        }

        (NpyHeader header, int dataOffset) = ReadHeader(stream, name);
        NpyStorage storage = ParseStorage(name, header);
        int[] shape = CheckShape(name, header.Shape, storage, out int count);
        long storedBytes = (long)count * storage.StoredSize;
        string what = $"shape {FormatShape(header.Shape)} of {header.Descr}";
        NpyArray array;
        if (stream.CanSeek)
        {
            CheckSeekableLength(stream, name, what, storedBytes, dataOffset);
            array = NpyArray.Allocate(storage.Type, shape, count);
            if (storage.Encoding == NpyStoredEncoding.Native)
            {
                ReadExactly(stream, name, what, array.DangerousGetBytes());
            }
            else
            {
                byte[] raw = new byte[storedBytes];
                ReadExactly(stream, name, what, raw);
                NpyElementDecoder.Decode(raw, storage, array.DangerousGetBytes());
            }
        }
        else
        {
            byte[] raw = ReadForwardOnly(stream, name, what, storedBytes);
            array = NpyArray.Allocate(storage.Type, shape, count);
            NpyElementDecoder.Decode(raw.AsSpan(0, (int)storedBytes), storage, array.DangerousGetBytes());
        }

        return header.FortranOrder ? NpyElementDecoder.FortranToC(array) : array;
    }

    private static (NpyHeader Header, int DataOffset) ReadHeader(Stream stream, string name)
    {
        Span<byte> preamble = stackalloc byte[12];
        int got = stream.ReadAtLeast(preamble[..10], 10, throwOnEndOfStream: false);
        if (got < 10 || !preamble.StartsWith(Magic))
        {
            NpyThrowHelper.Throw(name, got == 0
                ? "the file is empty, not an NPY file"
                : got < 10 && preamble[..Math.Min(got, Magic.Length)].SequenceEqual(Magic[..Math.Min(got, Magic.Length)])
                    ? $"truncated: only {got} bytes, shorter than the 10-byte NPY preamble"
                    : "not an NPY file (missing the \\x93NUMPY magic)");
        }

        byte major = preamble[6];
        byte minor = preamble[7];
        long headerLength;
        int prefixLength;
        if (major == 1)
        {
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(preamble[8..10]);
            prefixLength = 10;
        }
        else if (major is 2 or 3)
        {
            if (stream.ReadAtLeast(preamble[10..12], 2, throwOnEndOfStream: false) < 2)
            {
                NpyThrowHelper.Throw(name, "truncated: the file ends inside the NPY preamble");
            }

            headerLength = BinaryPrimitives.ReadUInt32LittleEndian(preamble[8..12]);
            prefixLength = 12;
        }
        else
        {
            NpyThrowHelper.Throw(name, $"unsupported NPY format version {major}.{minor}; versions 1.0, 2.0 and 3.0 are read");
            return default;
        }

        if (headerLength > MaxHeaderLength)
        {
            NpyThrowHelper.Throw(name, $"the NPY header claims {headerLength} bytes, more than the {MaxHeaderLength} accepted");
        }

        if (stream.CanSeek && headerLength > stream.Length - stream.Position)
        {
            NpyThrowHelper.Throw(name, $"truncated: the NPY header claims {headerLength} bytes but the file ends {stream.Length - stream.Position} bytes after the preamble");
        }

        byte[] headerBytes = new byte[headerLength];
        if (stream.ReadAtLeast(headerBytes, headerBytes.Length, throwOnEndOfStream: false) < headerBytes.Length)
        {
            NpyThrowHelper.Throw(name, "truncated: the file ends inside the NPY header");
        }

        string headerText = major == 3 ? Encoding.UTF8.GetString(headerBytes) : Encoding.Latin1.GetString(headerBytes);
        NpyHeader header = NpyHeaderParser.Parse(name, headerText.AsSpan().TrimEnd());
        return (header, prefixLength + headerBytes.Length);
    }

    private static NpyStorage ParseStorage(string name, NpyHeader header)
    {
        NpyStorage? storage = NpyDataTypes.Parse(header.Descr, out string problem);
        if (storage is null)
        {
            NpyThrowHelper.Throw(name, problem);
        }

        return storage.Value;
    }

    private static int[] CheckShape(string name, long[] dims, NpyStorage storage, out int count)
    {
        if (dims.Length > MaxRank)
        {
            NpyThrowHelper.Throw(name, $"the shape has {dims.Length} dimensions, more than the {MaxRank} accepted");
        }

        int widest = Math.Max(storage.StoredSize, NpyDataTypes.SizeOf(storage.Type));
        long product = 1;
        var shape = new int[dims.Length];
        for (int i = 0; i < shape.Length; i++)
        {
            long dim = dims[i];
            if (dim is < 0 or > int.MaxValue)
            {
                NpyThrowHelper.Throw(name, $"shape {FormatShape(dims)} has a dimension out of range");
            }

            product *= dim; // both factors are below 2^31 here, so the product fits a long
            if (product > Array.MaxLength / widest)
            {
                NpyThrowHelper.Throw(name, $"shape {FormatShape(dims)} is too large to load (more than {Array.MaxLength / widest} elements of {widest} bytes)");
            }

            shape[i] = (int)dim;
        }

        count = (int)product;
        return shape;
    }

    private static void CheckSeekableLength(Stream stream, string name, string what, long expected, int dataOffset)
    {
        long available = stream.Length - stream.Position;
        if (available != expected)
        {
            NpyThrowHelper.Throw(name, available < expected
                ? $"truncated: the header says {what} = {expected} bytes of data, but the file has {available} after the {dataOffset}-byte header"
                : $"the header says {what} = {expected} bytes of data, but the file has {available} after the {dataOffset}-byte header ({available - expected} extra)");
        }
    }

    private static void ReadExactly(Stream stream, string name, string what, Span<byte> destination)
    {
        int read = stream.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false);
        if (read < destination.Length)
        {
            NpyThrowHelper.Throw(name, $"truncated: the header says {what} = {destination.Length} bytes of data, but only {read} follow the header");
        }
    }

    /// <summary>Reads exactly <paramref name="expected"/> bytes and then the end of the stream, growing the buffer only
    /// as data arrives.</summary>
    private static byte[] ReadForwardOnly(Stream stream, string name, string what, long expected)
    {
        byte[] buffer = new byte[Math.Min(expected, ChunkBytes)];
        int filled = 0;
        while (filled < expected)
        {
            if (filled == buffer.Length)
            {
                Array.Resize(ref buffer, (int)Math.Min(expected, (long)buffer.Length * 2));
            }

            int read = stream.Read(buffer, filled, buffer.Length - filled);
            if (read == 0)
            {
                NpyThrowHelper.Throw(name, $"truncated: the header says {what} = {expected} bytes of data, but only {filled} follow the header");
            }

            filled += read;
        }

        if (stream.ReadByte() >= 0)
        {
            NpyThrowHelper.Throw(name, $"the header says {what} = {expected} bytes of data, but more data follows");
        }

        return buffer;
    }

    internal static string FormatShape(IReadOnlyList<long> shape) =>
        shape.Count == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";
}
