using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace OnnxInvert.Inversion.Jobs.Sharding;

/// <summary>
/// Writes a little-endian float32 <c>.npy</c> (format 1.0, C order) row block by row block, so a merge of a million
/// latents never holds them all: the header first, with the shape known in advance, then the data as it comes.
/// </summary>
internal sealed class NpyStreamWriter
{
    private readonly Stream _stream;
    private readonly long _expected;
    private long _written;

    private NpyStreamWriter(Stream stream, long expected)
    {
        _stream = stream;
        _expected = expected;
    }

    /// <summary>Writes the header of a float32 array of <paramref name="shape"/> to <paramref name="stream"/>.</summary>
    public static NpyStreamWriter Start(Stream stream, IReadOnlyList<int> shape)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("writing .npy files needs a little-endian machine");
        }

        string dims = shape.Count == 1
            ? string.Create(CultureInfo.InvariantCulture, $"({shape[0]},)")
            : "(" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + ")";
        string dict = $"{{'descr': '<f4', 'fortran_order': False, 'shape': {dims}, }}";
        int unpadded = 10 + dict.Length + 1;
        string header = dict + new string(' ', ((64 - (unpadded % 64)) % 64)) + "\n";
        if (header.Length > ushort.MaxValue)
        {
            throw new InvalidOperationException("the .npy header is too long for format 1.0");
        }

        stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y']);
        stream.WriteByte(1);
        stream.WriteByte(0);
        Span<byte> length = [(byte)(header.Length & 0xFF), (byte)(header.Length >> 8)];
        stream.Write(length);
        stream.Write(Encoding.ASCII.GetBytes(header));
        return new NpyStreamWriter(stream, shape.Aggregate(1L, (a, d) => a * d));
    }

    /// <summary>Appends <paramref name="values"/>.</summary>
    public void Append(ReadOnlySpan<float> values)
    {
        if (_written + values.Length > _expected)
        {
            throw new InvalidOperationException("more values than the .npy header's shape holds");
        }

        _stream.Write(MemoryMarshal.AsBytes(values));
        _written += values.Length;
    }

    /// <summary>Checks that exactly the shape's values were written.</summary>
    public void Finish()
    {
        if (_written != _expected)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"wrote {_written} values for an .npy shape of {_expected}"));
        }
    }
}
