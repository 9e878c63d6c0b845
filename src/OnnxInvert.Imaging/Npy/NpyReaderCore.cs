using System.Buffers.Binary;
using System.Text;

namespace OnnxInvert.Imaging;

/// <summary>
/// Reads the NPY format (versions 1.0, 2.0 and 3.0): magic <c>\x93NUMPY</c>, version bytes, a little-endian header
/// length (2 bytes in 1.0, 4 in 2.0/3.0), the header dictionary, then the raw C-order data. The data must be exactly as
/// long as the shape and dtype say.
/// </summary>
internal static class NpyReaderCore
{
    /// <summary>Headers longer than this are refused (NumPy's own limit is 10,000 bytes by default).</summary>
    public const int MaxHeaderLength = 1 << 20;

    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    public static NpyArray Read(Stream stream, string name)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("NPY reading assumes a little-endian host.");
        }

        Span<byte> preamble = stackalloc byte[12];
        int got = stream.ReadAtLeast(preamble[..10], 10, throwOnEndOfStream: false);
        if (got < 10 || !preamble.StartsWith(Magic))
        {
            NpyThrowHelper.Throw(name, got == 0 ? "the file is empty, not an NPY file" : "not an NPY file (missing the \\x93NUMPY magic)");
        }

        byte major = preamble[6];
        byte minor = preamble[7];
        int headerLength;
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
                NpyThrowHelper.Throw(name, "truncated NPY preamble");
            }

            uint length = BinaryPrimitives.ReadUInt32LittleEndian(preamble[8..12]);
            if (length > MaxHeaderLength)
            {
                NpyThrowHelper.Throw(name, $"the NPY header claims {length} bytes, more than the {MaxHeaderLength} accepted");
            }

            headerLength = (int)length;
            prefixLength = 12;
        }
        else
        {
            NpyThrowHelper.Throw(name, $"unsupported NPY format version {major}.{minor}; versions 1.0, 2.0 and 3.0 are read");
            return null!;
        }

        byte[] headerBytes = new byte[headerLength];
        if (stream.ReadAtLeast(headerBytes, headerLength, throwOnEndOfStream: false) < headerLength)
        {
            NpyThrowHelper.Throw(name, "the file ends inside the NPY header (truncated)");
        }

        string headerText = major == 3 ? Encoding.UTF8.GetString(headerBytes) : Encoding.Latin1.GetString(headerBytes);
        NpyHeader header = NpyHeaderParser.Parse(name, headerText.AsSpan().TrimEnd());
        NpyArray array = Allocate(name, header);
        ReadData(stream, name, array, header, prefixLength + headerLength);
        return array;
    }

    private static NpyArray Allocate(string name, NpyHeader header)
    {
        NpyDataType? type = NpyDataTypes.Parse(header.Descr, out string problem);
        if (type is null)
        {
            NpyThrowHelper.Throw(name, problem);
        }

        if (header.FortranOrder && header.Shape.Count(d => d > 1) > 1)
        {
            NpyThrowHelper.Throw(name, "fortran_order=True (column-major) arrays are not supported; save a C-order array, e.g. np.ascontiguousarray(a)");
        }

        long count = 1;
        var shape = new int[header.Shape.Length];
        for (int i = 0; i < shape.Length; i++)
        {
            long dim = header.Shape[i];
            if (dim > int.MaxValue)
            {
                NpyThrowHelper.Throw(name, $"shape {FormatShape(header.Shape)} is too large to load");
            }

            count *= dim; // both factors are below 2^31 here, so the product fits a long
            if (count > Array.MaxLength / NpyDataTypes.SizeOf(type.Value))
            {
                NpyThrowHelper.Throw(name, $"shape {FormatShape(header.Shape)} is too large to load");
            }

            shape[i] = (int)dim;
        }

        return NpyArray.Allocate(type.Value, shape, (int)count);
    }

    private static void ReadData(Stream stream, string name, NpyArray array, NpyHeader header, long dataOffset)
    {
        long expected = (long)array.Length * array.ElementSize;
        string what = $"shape {FormatShape(header.Shape)} of {NpyDataTypes.NumpyName(array.DataType)}";
        if (stream.CanSeek)
        {
            long available = stream.Length - stream.Position;
            if (available != expected)
            {
                NpyThrowHelper.Throw(name, available < expected
                    ? $"truncated: the header says {what} = {expected} bytes of data, but the file has {available} after the {dataOffset}-byte header"
                    : $"the header says {what} = {expected} bytes of data, but the file has {available} after the {dataOffset}-byte header ({available - expected} extra)");
            }
        }

        Span<byte> destination = array.DangerousGetBytes();
        int read = stream.ReadAtLeast(destination, destination.Length, throwOnEndOfStream: false);
        if (read < destination.Length)
        {
            NpyThrowHelper.Throw(name, $"truncated: the header says {what} = {expected} bytes of data, but only {read} follow the header");
        }

        if (!stream.CanSeek && stream.ReadByte() >= 0)
        {
            NpyThrowHelper.Throw(name, $"the header says {what} = {expected} bytes of data, but more data follows");
        }
    }

    internal static string FormatShape(IReadOnlyList<long> shape) =>
        shape.Count == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";
}
