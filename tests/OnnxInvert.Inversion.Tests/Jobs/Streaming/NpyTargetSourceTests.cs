using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Jobs;
using OnnxInvert.Inversion.Jobs.Streaming;

namespace OnnxInvert.Inversion.Tests.Jobs.Streaming;

public sealed class NpyTargetSourceTests : IDisposable
{
    /// <summary>The runtime puts arrays of this many bytes or more on the large-object heap, collected only with the oldest generation.</summary>
    private const int LargeObjectBytes = 85_000;

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(1, 28, 28, "<f4")]
    [InlineData(3, 64, 64, "<f4")]
    [InlineData(1, 28, 28, "|u1")]
    [InlineData(3, 32, 32, "<f8")]
    public void OpeningCheck_ReadsChunksBelowTheLargeObjectThreshold_AsManyRowsAsFit(int channels, int height, int width, string dtype)
    {
        var reader = NpyRowReader.Open(WriteZeros(dtype, 3, channels, height, width));
        int rowLength = channels * height * width;

        int rows = NpyTargetSource.CheckRows(reader, rowLength);

        int largest = Math.Max(reader.RowBytes, rowLength * sizeof(float));
        Assert.True(rows * largest < LargeObjectBytes, $"{rows} rows of {largest} bytes");
        Assert.True((rows + 1) * largest > NpyTargetSource.CheckChunkBytes, $"{rows} rows of {largest} bytes leave room for one more");
    }

    [Fact]
    public void OpeningCheck_ReadsARowLargerThanTheChunkOnItsOwn()
    {
        var reader = NpyRowReader.Open(WriteZeros("<f4", 2, 3, 256, 256));

        Assert.Equal(1, NpyTargetSource.CheckRows(reader, 3 * 256 * 256));
    }

    [Fact]
    public void ReadTargets_GivesEachImageAnArrayOfItsOwn_WithItsRow()
    {
        const int rows = 40;
        const int length = 3 * 32 * 32; // 12 kB an image: 40 of them in one array would be on the large-object heap
        float[] data = [.. Enumerable.Range(0, rows * length).Select(i => (i % 1000) / 1000f)];
        string path = _temp.File("rows.npy");
        NpyFile.Write(path, NpyArray.Create<float>(data, [rows, 3, 32, 32]));
        var source = NpyTargetSource.Open(path, new TargetFormat([3, 32, 32], new PixelRange(0, 1)));
        int[] indices = [5, 6, 7, 2, 39, 0, 1];

        var targets = source.ReadTargets(indices);

        Assert.Equal(indices, targets.Select(t => t.Index));
        var arrays = new HashSet<float[]>(ReferenceEqualityComparer.Instance);
        foreach (var target in targets)
        {
            Assert.True(System.Runtime.InteropServices.MemoryMarshal.TryGetArray(target.Image, out var segment));
            Assert.Equal((0, length, length), (segment.Offset, segment.Count, segment.Array!.Length));
            Assert.True(arrays.Add(segment.Array));
            Assert.Equal(data.AsSpan(target.Index * length, length).ToArray(), target.Image.ToArray());
        }

        Assert.Equal(source.Read(indices).Data, targets.SelectMany(t => t.Image.ToArray()));
    }

    private string WriteZeros(string dtype, int rows, int channels, int height, int width)
    {
        int length = rows * channels * height * width;
        string path = _temp.File($"{dtype.Replace('<', 'l').Replace('|', 'p')}-{channels}x{height}x{width}.npy");
        int[] shape = [rows, channels, height, width];
        var array = dtype switch
        {
            "<f4" => NpyArray.Create<float>(new float[length], shape),
            "<f8" => NpyArray.Create<double>(new double[length], shape),
            _ => NpyArray.Create<byte>(new byte[length], shape),
        };
        NpyFile.Write(path, array);
        return path;
    }
}
