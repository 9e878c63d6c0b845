using System.Buffers.Binary;
using System.Text;

namespace OnnxInvert.Imaging;

/// <summary>
/// Writes NPY exactly as NumPy 1.24 does: version 1.0 (2.0 if the header outgrows 65,535 bytes), the header dictionary
/// with keys in sorted order, spare spaces for growing the first axis, then spaces to a 64-byte boundary and a newline.
/// </summary>
internal static class NpyWriterCore
{
    private const int Alignment = 64;

    /// <summary>NumPy leaves room for the first dimension to grow to this many digits.</summary>
    private const int GrowthAxisMaxDigits = 21;

    public static void Write(Stream stream, NpyArray array)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(array);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("NPY writing assumes a little-endian host.");
        }

        stream.Write(BuildHeader(array));
        stream.Write(array.DangerousGetBytes());
    }

    internal static byte[] BuildHeader(NpyArray array) => BuildHeader(array.DataType, array.Shape);

    internal static byte[] BuildHeader(NpyDataType type, IReadOnlyList<int> shape)
    {
        string shapeText = shape.Count == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";
        var dictionary = new StringBuilder()
            .Append("{'descr': '").Append(NpyDataTypes.Descr(type)).Append("', ")
            .Append("'fortran_order': False, ")
            .Append("'shape': ").Append(shapeText).Append(", }");
        if (shape.Count > 0)
        {
            dictionary.Append(' ', Math.Max(0, GrowthAxisMaxDigits - shape[0].ToString(System.Globalization.CultureInfo.InvariantCulture).Length));
        }

        byte[]? header = TryWrap(dictionary.ToString(), major: 1, lengthBytes: 2, maxLength: ushort.MaxValue);
        return header ?? TryWrap(dictionary.ToString(), major: 2, lengthBytes: 4, maxLength: int.MaxValue)!;
    }

    private static byte[]? TryWrap(string dictionary, byte major, int lengthBytes, long maxLength)
    {
        int prefix = 8 + lengthBytes;
        int unpadded = prefix + dictionary.Length + 1; // + the closing newline
        int padding = Alignment - (unpadded % Alignment);
        int headerLength = dictionary.Length + padding + 1;
        if (headerLength > maxLength)
        {
            return null;
        }

        var bytes = new byte[prefix + headerLength];
        bytes[0] = 0x93;
        "NUMPY"u8.CopyTo(bytes.AsSpan(1));
        bytes[6] = major;
        bytes[7] = 0;
        if (lengthBytes == 2)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)headerLength);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)headerLength);
        }

        Encoding.ASCII.GetBytes(dictionary, bytes.AsSpan(prefix));
        bytes.AsSpan(prefix + dictionary.Length, padding).Fill((byte)' ');
        bytes[^1] = (byte)'\n';
        return bytes;
    }
}
