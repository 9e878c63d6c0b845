using System.Buffers.Binary;
using System.Text;
using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Jobs.Streaming;

namespace OnnxInvert.Inversion.Tests.Jobs.Streaming;

/// <summary>
/// <see cref="NpyRowReader.ReadInto"/> reads little-endian float32 straight into the caller's buffer and every other
/// dtype through <see cref="NpyFile"/>; both give what <see cref="NpyRowReader.Read"/> gives, for any run of rows.
/// </summary>
public sealed class NpyRowReaderTests : IDisposable
{
    private const int Rows = 7;
    private const int RowLength = 6;

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("<f4")]
    [InlineData(">f4")]
    [InlineData("<f8")]
    [InlineData("|u1")]
    public void ReadInto_GivesWhatReadGives_ForEveryRunOfRows(string dtype)
    {
        var reader = NpyRowReader.Open(Write(dtype));

        for (int first = 0; first < Rows; first++)
        {
            for (int count = 0; first + count <= Rows; count++)
            {
                var into = new float[count * RowLength];
                reader.ReadInto(first, count, into);
                Assert.Equal(reader.Read(first, count), into);
            }
        }
    }

    [Fact]
    public void ReadInto_ValuesAreTheFilesRows()
    {
        var reader = NpyRowReader.Open(Write("<f4"));
        var into = new float[2 * RowLength];

        reader.ReadInto(3, 2, into);

        Assert.Equal(Enumerable.Range(3 * RowLength, 2 * RowLength).Select(Value), into);
    }

    [Fact]
    public void ReadInto_ABufferOfAnotherLength_IsRefused()
    {
        var reader = NpyRowReader.Open(Write("<f4"));

        Assert.Throws<ArgumentOutOfRangeException>(() => reader.ReadInto(0, 2, new float[(2 * RowLength) + 1]));
        Assert.Throws<ArgumentOutOfRangeException>(() => reader.ReadInto(Rows - 1, 2, new float[2 * RowLength]));
    }

    /// <summary>Element i of the arrays written: exact in every dtype written (whole numbers below 256).</summary>
    private static float Value(int i) => i % 200;

    /// <summary>An .npy [Rows, 2, 3] of <see cref="Value"/> in <paramref name="dtype"/>, its bytes written here (numpy's format 1.0).</summary>
    private string Write(string dtype)
    {
        int count = Rows * RowLength;
        int size = dtype[^1] - '0';
        var data = new byte[count * size];
        for (int i = 0; i < count; i++)
        {
            var at = data.AsSpan(i * size, size);
            switch (dtype)
            {
                case "<f4": BinaryPrimitives.WriteSingleLittleEndian(at, Value(i)); break;
                case ">f4": BinaryPrimitives.WriteSingleBigEndian(at, Value(i)); break;
                case "<f8": BinaryPrimitives.WriteDoubleLittleEndian(at, Value(i)); break;
                default: at[0] = (byte)Value(i); break;
            }
        }

        string header = $"{{'descr': '{dtype}', 'fortran_order': False, 'shape': ({Rows}, 2, 3), }}";
        header += new string(' ', 63 - ((10 + header.Length) % 64)) + "\n";
        string path = _temp.File($"rows-{dtype.Replace('<', 'l').Replace('>', 'b').Replace('|', 'p')}.npy");
        using var file = File.Create(path);
        file.Write([0x93, .. "NUMPY"u8, 1, 0]);
        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)header.Length);
        file.Write(length);
        file.Write(Encoding.Latin1.GetBytes(header));
        file.Write(data);
        return path;
    }
}
