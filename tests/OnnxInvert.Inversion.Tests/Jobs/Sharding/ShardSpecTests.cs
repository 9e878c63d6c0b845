using OnnxInvert.Inversion.Jobs.Sharding;

namespace OnnxInvert.Inversion.Tests.Jobs.Sharding;

public sealed class ShardSpecTests
{
    [Fact]
    public void FolderName_PadsIndexAndCountToFiveDigits()
    {
        Assert.Equal("shard-00003-of-00016", new ShardSpec(3, 16).FolderName);
    }

    [Fact]
    public void FromFolderName_ReadsWhatFolderNameWrites()
    {
        Assert.Equal(new ShardSpec(15, 16), ShardSpec.FromFolderName(new ShardSpec(15, 16).FolderName));
    }

    [Theory]
    [InlineData("shard-00016-of-00016")]
    [InlineData("shard-3-of-16")]
    [InlineData("shard-00000-of-00000")]
    [InlineData("shard-00001-of-00002.tmp")]
    public void FromFolderName_OtherNames_AreNull(string name)
    {
        Assert.Null(ShardSpec.FromFolderName(name));
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(-1, 4)]
    [InlineData(4, 4)]
    [InlineData(0, 100_000)]
    public void Constructor_OutOfRange_Throws(int index, int count)
    {
        Assert.Throws<ShardSpecException>(() => new ShardSpec(index, count));
    }
}
