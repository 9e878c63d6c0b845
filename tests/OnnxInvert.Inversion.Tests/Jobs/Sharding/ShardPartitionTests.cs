using OnnxInvert.Inversion.Jobs.Sharding;

namespace OnnxInvert.Inversion.Tests.Jobs.Sharding;

public sealed class ShardPartitionTests
{
    [Theory]
    [InlineData(16, 4)]
    [InlineData(17, 4)]
    [InlineData(1_000_003, 16)]
    [InlineData(3, 8)]
    [InlineData(0, 2)]
    public void RangeOf_EveryCount_TilesTheInputInOrderWithSizesWithinOne(int total, int count)
    {
        var ranges = Enumerable.Range(0, count).Select(i => ShardPartition.RangeOf(total, new ShardSpec(i, count))).ToArray();

        Assert.Equal(0, ranges[0].First);
        for (int i = 1; i < count; i++)
        {
            Assert.Equal(ranges[i - 1].End, ranges[i].First);
        }

        Assert.Equal(total, ranges[^1].End);
        Assert.True(ranges.Max(r => r.Count) - ranges.Min(r => r.Count) <= 1);
    }

    [Fact]
    public void RangeOf_LargeInput_DoesNotOverflow()
    {
        var range = ShardPartition.RangeOf(int.MaxValue, new ShardSpec(99_998, 99_999));

        Assert.Equal(int.MaxValue, range.End);
    }
}
