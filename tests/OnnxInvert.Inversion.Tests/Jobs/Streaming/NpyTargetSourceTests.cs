using OnnxInvert.Imaging;
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
