using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Jobs;
using OnnxInvert.Inversion.Jobs.Sharding;
using OnnxInvert.Inversion.Tests.TestUtilities;

namespace OnnxInvert.Inversion.Tests.Jobs.Sharding;

/// <summary>A shard's part of the input: its rows, names and the whole-input indices its targets carry.</summary>
public sealed class ShardTargetSourceTests : IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly TargetSource _whole;

    public ShardTargetSourceTests()
    {
        string path = _temp.File("targets.npy");
        NpyFile.Write(path, NpyArray.Create<float>([.. Enumerable.Range(0, 7 * 4).Select(v => v / 28f)], [7, 1, 2, 2]));
        _whole = TargetSource.Open(path, new TargetFormat([1, 2, 2], new PixelRange(0f, 1f)));
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Part_HoldsTheShardsRange_AndReadsWholeInputIndices()
    {
        var part = _whole.ForShard(new ShardSpec(1, 3));

        Assert.Equal(2, part.Count);
        Assert.Equal(new ShardRange(2, 2), part.Shard!.Range);
        Assert.Same(_whole, part.Whole);
        Assert.Equal("targets.npy[2]", part.Name(0));
        Assert.Equal("targets.npy[3]", part.Name(1));
        var targets = part.Read([1, 0]);
        Assert.Equal([3, 2], targets.Indices);
        Assert.Equal(["targets.npy[3]", "targets.npy[2]"], targets.Names);
        Assert.Equal(12 / 28f, targets.Data[0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => part.Name(2));
    }

    [Fact]
    public void Parts_CoverTheInputOnce()
    {
        string[] names = [.. Enumerable.Range(0, 4).SelectMany(i =>
        {
            var part = _whole.ForShard(new ShardSpec(i, 4));
            return Enumerable.Range(0, part.Count).Select(part.Name);
        })];

        Assert.Equal(Enumerable.Range(0, 7).Select(i => _whole.Name(i)), names);
    }

    [Fact]
    public void PartOfAPart_IsRefused()
    {
        var part = _whole.ForShard(new ShardSpec(0, 2));

        var error = Assert.Throws<InvalidOperationException>(() => part.ForShard(new ShardSpec(0, 2)));
        Assert.Contains("shard-00000-of-00002", error.Message, StringComparison.Ordinal);
        Assert.Null(_whole.Shard);
        Assert.Same(_whole, _whole.Whole);
    }

    [Fact]
    public void SkippedFiles_GoWithTheShardHoldingTheItemAfterThem_EachToOneShard()
    {
        string folder = Directory.CreateDirectory(_temp.File("images")).FullName;
        var pixels = new byte[] { 0, 64, 128, 255 };
        foreach (string name in new[] { "a.png", "c.png", "d.png", "f.png" })
        {
            PngFile.Write(Path.Combine(folder, name), new DecodedImage(name, 2, 2, 1, pixels));
        }

        File.WriteAllText(Path.Combine(folder, "b.png"), "not a png"); // before item 1 (c.png)
        PngFile.Write(Path.Combine(folder, "e.png"), new DecodedImage("e.png", 3, 3, 1, new byte[9])); // another size, before item 3 (f.png)
        File.WriteAllText(Path.Combine(folder, "g.png"), "not a png"); // after the last item
        var whole = TargetSource.Open(folder, new TargetFormat([1, 2, 2], new PixelRange(0f, 1f)), _ => { });
        Assert.Equal(3, whole.Skipped.Count);

        string[][] skipped = [.. Enumerable.Range(0, 2).Select(i => whole.ForShard(new ShardSpec(i, 2)).Skipped.Select(Path.GetFileName).OfType<string>().ToArray())];

        Assert.Equal(["b.png"], skipped[0]); // shard 0 holds items 0-1 (a, c)
        Assert.Equal(["e.png", "g.png"], skipped[1]); // shard 1 holds items 2-3 (d, f)
    }
}
