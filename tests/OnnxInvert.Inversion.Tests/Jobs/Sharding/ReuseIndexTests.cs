using OnnxInvert.Inversion.Jobs.Sharding;
using OnnxInvert.Inversion.Tests.TestUtilities;

namespace OnnxInvert.Inversion.Tests.Jobs.Sharding;

public sealed class ReuseIndexTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Find_ItemsOfAnotherShardCount_IncludingUnfinishedShards()
    {
        string earlier = _temp.File("earlier");
        var builder = new ShardFolderBuilder(earlier, 12, 3);
        builder.Write(0);
        builder.Write(1, complete: false, edit: results => results.RemoveAt(3));
        builder.Write(2);

        var index = ReuseIndex.Open(earlier, ShardFolderBuilder.Fingerprint);

        Assert.Equal(11, index.Count);
        Assert.False(index.Contains(ShardFolderBuilder.Id(7)));
        Assert.Null(index.Find(ShardFolderBuilder.Id(7)));
        var item = index.Find(ShardFolderBuilder.Id(9))!;
        Assert.Equal(ShardFolderBuilder.Latent(9), item.Latent);
        Assert.Equal(1, item.Row);
        Assert.EndsWith("shard-00002-of-00003", item.Folder, StringComparison.Ordinal);
        Assert.Equal(ShardFolderBuilder.Mse(9), item.Result["mse"]!.GetValue<double>(), 15);
        Assert.Equal(ShardFolderBuilder.Latent(2), index.Find(ShardFolderBuilder.Id(2))!.Latent);
    }

    [Fact]
    public void Open_FoldersOfAnotherFingerprint_AreSkippedWithANotice()
    {
        string earlier = _temp.File("earlier");
        var builder = new ShardFolderBuilder(earlier, 8, 2);
        builder.Write(0);
        builder.Write(1, fingerprint: "other");
        var notices = new List<string>();

        var index = ReuseIndex.Open(earlier, ShardFolderBuilder.Fingerprint, notices.Add);

        Assert.Equal(4, index.Count);
        Assert.False(index.Contains(ShardFolderBuilder.Id(5)));
        Assert.Contains(notices, n => n.Contains("shard-00001-of-00002", StringComparison.Ordinal));
    }
}
