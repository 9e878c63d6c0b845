using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Jobs.Sharding;

namespace OnnxInvert.Inversion.Tests.Jobs.Sharding;

public sealed class NpyStreamWriterTests
{
    [Theory]
    [InlineData(new[] { 7, 3 })]
    [InlineData(new[] { 5 })]
    [InlineData(new[] { 2, 1, 4, 4 })]
    [InlineData(new[] { 0, 100 })]
    public void Append_InBlocks_WritesTheBytesNpyFileWrites(int[] shape)
    {
        float[] values = [.. Enumerable.Range(0, shape.Aggregate(1, (a, d) => a * d)).Select(i => (i * 0.37f) - 2)];
        using var expected = new MemoryStream();
        NpyFile.Write(expected, NpyArray.Create<float>(values, shape));
        using var actual = new MemoryStream();

        var writer = NpyStreamWriter.Start(actual, shape);
        foreach (var block in values.Chunk(4))
        {
            writer.Append(block);
        }

        writer.Finish();
        Assert.Equal(expected.ToArray(), actual.ToArray());
    }

    [Fact]
    public void Finish_FewerValuesThanTheShape_Throws()
    {
        var writer = NpyStreamWriter.Start(new MemoryStream(), [2, 2]);
        writer.Append([1f, 2f, 3f]);

        Assert.Throws<InvalidOperationException>(writer.Finish);
    }

    [Fact]
    public void Append_MoreValuesThanTheShape_Throws()
    {
        var writer = NpyStreamWriter.Start(new MemoryStream(), [1, 2]);

        Assert.Throws<InvalidOperationException>(() => writer.Append([1f, 2f, 3f]));
    }
}
