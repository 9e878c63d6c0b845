using System.Globalization;
using System.Text.Json.Nodes;
using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Evaluation;
using OnnxInvert.Inversion.Jobs.Sharding;
using OnnxInvert.Inversion.Tests.TestUtilities;

namespace OnnxInvert.Inversion.Tests.Jobs.Sharding;

public sealed class ShardMergerTests : IDisposable
{
    private readonly TempFolder _temp = new();

    private string Out => _temp.File("out");

    private string Merged => _temp.File("merged");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Merge_CarriesTheFilesEachShardSkipped_IntoIndexAndSummary()
    {
        new ShardFolderBuilder(Out, 10, 4).WriteAll();
        foreach (var (shard, names) in new[] { (1, new[] { "bad, one.png" }), (3, new[] { "small.png", "last.png" }) })
        {
            string summaryPath = Path.Combine(Out, new ShardSpec(shard, 4).FolderName, ShardFolder.SummaryFile);
            var summary = JsonNode.Parse(File.ReadAllText(summaryPath))!.AsObject();
            summary["skipped"] = new JsonArray([.. names.Select(n => JsonValue.Create(n))]);
            File.WriteAllText(summaryPath, summary.ToJsonString());
        }

        ShardMerger.Merge(Out, Merged);

        string[] index = File.ReadAllLines(Path.Combine(Merged, "index.csv"));
        Assert.Equal(1 + 10 + 3, index.Length);
        Assert.Equal([",\"bad, one.png\",shard-00001-of-00004,,skipped", ",small.png,shard-00003-of-00004,,skipped", ",last.png,shard-00003-of-00004,,skipped"], index[^3..]);
        var merged = JsonNode.Parse(File.ReadAllText(Path.Combine(Merged, "summary.json")))!;
        Assert.Equal(["bad, one.png", "small.png", "last.png"], merged["skipped"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public void Merge_CompleteShards_WritesEveryItemInInputOrder()
    {
        new ShardFolderBuilder(Out, 10, 4).WriteAll();

        var result = ShardMerger.Merge(Out, Merged);

        Assert.Equal(10, result.Items);
        Assert.Equal(4, result.Shards);
        var latents = NpyFile.Read(Path.Combine(Merged, "latents.npy"));
        Assert.Equal([10, 3], latents.Shape);
        Assert.Equal(Enumerable.Range(0, 10).SelectMany(ShardFolderBuilder.Latent).ToArray(), latents.ToSingleArray());
        string[] metrics = File.ReadAllLines(Path.Combine(Merged, "metrics.csv"));
        Assert.Equal("index,source,loss,penalty,mse,mae,psnr,steps,converged,restart,reinitializations", metrics[0]);
        Assert.Equal(11, metrics.Length);
        for (int i = 0; i < 10; i++)
        {
            string[] fields = metrics[i + 1].Split(',');
            Assert.Equal(i.ToString(CultureInfo.InvariantCulture), fields[0]);
            Assert.Equal(ShardFolderBuilder.Id(i), fields[1]);
            Assert.Equal(ShardFolderBuilder.Mse(i), double.Parse(fields[4], CultureInfo.InvariantCulture), 15);
        }

        string[] index = File.ReadAllLines(Path.Combine(Merged, "index.csv"));
        Assert.Equal(ShardMerger.IndexHeader, index[0]);
        Assert.Equal("9,img-9.png,shard-00003-of-00004,2,done", index[10]);
        Assert.True(ShardFolder.IsComplete(Merged));
    }

    [Fact]
    public void Merge_Summary_HasCompareIntervalsSumsAndSharedSettings()
    {
        new ShardFolderBuilder(Out, 10, 4).WriteAll();

        var result = ShardMerger.Merge(Out, Merged);

        var expected = ErrorSummary.Of(Enumerable.Range(0, 10).Select(ShardFolderBuilder.Mse).ToArray());
        Assert.Equal(expected, result.Mse);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(Merged, "summary.json")))!.AsObject();
        Assert.Equal(10, summary["images"]!.GetValue<int>());
        Assert.Equal(expected.Mean, summary["mean_mse"]!.GetValue<double>(), 15);
        Assert.Equal(expected.Low, summary["mse"]!["ci_low"]!.GetValue<double>(), 15);
        Assert.Equal(expected.High, summary["mse"]!["ci_high"]!.GetValue<double>(), 15);
        Assert.Equal(0.95, summary["mse"]!["confidence"]!.GetValue<double>());
        Assert.Equal(10.0, summary["wall_seconds"]!.GetValue<double>(), 12);
        Assert.Equal(100 + 101 + 102 + 103, summary["iterations"]!.GetValue<long>());
        Assert.Equal(5, summary["converged"]!.GetValue<int>());
        Assert.Equal(4, summary["reinitializations"]!.GetValue<long>());
        Assert.Equal("adam", summary["optimizer"]!.GetValue<string>());
        Assert.Equal(100, summary["steps"]!.GetValue<int>());
        Assert.Null(summary["host"]);
        Assert.Null(summary["seconds_per_step"]);
    }

    [Fact]
    public void Merge_FailedItems_AreCountedAndLeftOutOfTheMeans()
    {
        var builder = new ShardFolderBuilder(Out, 8, 2);
        builder.FailedItems.Add(5);
        builder.WriteAll();

        var result = ShardMerger.Merge(Out, Merged);

        Assert.Equal(1, result.Failed);
        Assert.Equal(7, result.Mse!.Count);
        Assert.Equal(Enumerable.Range(0, 8).Where(i => i != 5).Select(ShardFolderBuilder.Mse).Average(), result.Mse.Mean, 15);
        Assert.Contains(",NaN,", File.ReadAllLines(Path.Combine(Merged, "metrics.csv"))[6], StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_MoreShardsThanItems_MergesTheEmptyShardsToo()
    {
        new ShardFolderBuilder(Out, 3, 8).WriteAll();

        var result = ShardMerger.Merge(Out, Merged);

        Assert.Equal(3, result.Items);
        Assert.Equal([3, 3], NpyFile.Read(Path.Combine(Merged, "latents.npy")).Shape);
    }

    [Fact]
    public void Merge_AShardMissing_NamesItAndWritesNothing()
    {
        var builder = new ShardFolderBuilder(Out, 10, 4);
        foreach (int i in new[] { 0, 1, 3 })
        {
            builder.Write(i);
        }

        var ex = Assert.Throws<ShardFolderException>(() => ShardMerger.Merge(Out, Merged));

        Assert.Equal("shard-00002-of-00004", ex.Shard);
        Assert.Contains("shard-00002-of-00004 is missing", ex.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Merged));
    }

    [Fact]
    public void Merge_AShardWithoutSuccess_NamesIt()
    {
        var builder = new ShardFolderBuilder(Out, 10, 4).WriteAll();
        builder.Write(1, complete: false);
        ShardFolder.ClearComplete(Path.Combine(Out, "shard-00001-of-00004"));

        var ex = Assert.Throws<ShardFolderException>(() => ShardMerger.Merge(Out, Merged));

        Assert.Equal("shard-00001-of-00004", ex.Shard);
        Assert.Contains("not complete", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_AnotherFingerprint_NamesTheShard()
    {
        var builder = new ShardFolderBuilder(Out, 10, 4).WriteAll();
        builder.Write(2, fingerprint: "model.onnx|sgd|steps=100");

        var ex = Assert.Throws<ShardFolderException>(() => ShardMerger.Merge(Out, Merged));

        Assert.Equal("shard-00002-of-00004", ex.Shard);
        Assert.Contains("fingerprints differ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_AnItemInTwoShards_NamesBoth()
    {
        var builder = new ShardFolderBuilder(Out, 10, 4).WriteAll();
        builder.Write(3, id: p => ShardFolderBuilder.Id(p == 8 ? 0 : p));

        var ex = Assert.Throws<ShardFolderException>(() => ShardMerger.Merge(Out, Merged));

        Assert.Contains("'img-0.png' is also in shard-00000-of-00004", ex.Message, StringComparison.Ordinal);
        Assert.Equal("shard-00003-of-00004", ex.Shard);
    }

    [Fact]
    public void Merge_ACompleteShardLackingAResult_NamesTheRowAndItem()
    {
        var builder = new ShardFolderBuilder(Out, 10, 4).WriteAll();
        builder.Write(1, edit: results => results.RemoveAt(1));

        var ex = Assert.Throws<ShardFolderException>(() => ShardMerger.Merge(Out, Merged));

        Assert.Contains("row 1 (item 3 of the input) has no result", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_ShardsOfTwoCounts_Throws()
    {
        new ShardFolderBuilder(Out, 10, 4).WriteAll();
        new ShardFolderBuilder(Out, 10, 2).Write(0);

        var ex = Assert.Throws<ShardFolderException>(() => ShardMerger.Merge(Out, Merged));

        Assert.Contains("2 different shard counts", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_ShardInfoOutsideThePartition_NamesTheShard()
    {
        new ShardFolderBuilder(Out, 10, 4).WriteAll();
        new ShardInfo { Index = 1, Count = 4, Total = 10, First = 3, Items = 2 }.Write(Path.Combine(Out, "shard-00001-of-00004"));

        var ex = Assert.Throws<ShardFolderException>(() => ShardMerger.Merge(Out, Merged));

        Assert.Equal("shard-00001-of-00004", ex.Shard);
    }

    [Fact]
    public void Merge_IntoAFolderWithOtherFiles_IsRefused()
    {
        new ShardFolderBuilder(Out, 10, 4).WriteAll();
        Directory.CreateDirectory(Merged);
        File.WriteAllText(Path.Combine(Merged, "notes.txt"), "mine");

        var ex = Assert.Throws<ShardFolderException>(() => ShardMerger.Merge(Out, Merged));

        Assert.Contains("notes.txt", ex.Message, StringComparison.Ordinal);
        Assert.Equal("mine", File.ReadAllText(Path.Combine(Merged, "notes.txt")));
    }

    [Fact]
    public void Merge_AgainIntoAnEarlierMerge_ReplacesIt()
    {
        new ShardFolderBuilder(Out, 10, 4).WriteAll();
        ShardMerger.Merge(Out, Merged);

        var result = ShardMerger.Merge(Out, Merged);

        Assert.Equal(10, result.Items);
        Assert.True(ShardFolder.IsComplete(Merged));
        Assert.Empty(Directory.EnumerateFiles(Merged, ".*"));
    }

    [Fact]
    public void Merge_ALaterShardWithOtherLatents_NamesItAndLeavesNoFiles()
    {
        new ShardFolderBuilder(Out, 10, 4).WriteAll();
        NpyFile.Write(Path.Combine(Out, "shard-00002-of-00004", "latents.npy"), NpyArray.Create<float>(new float[8], [2, 4]));

        var ex = Assert.Throws<ShardFolderException>(() => ShardMerger.Merge(Out, Merged));

        Assert.Equal("shard-00002-of-00004", ex.Shard);
        Assert.Contains("latents of shape (4)", ex.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Merged));
    }

    [Fact]
    public void Merge_IntoTheOutputFolder_IsRefused()
    {
        new ShardFolderBuilder(Out, 10, 4).WriteAll();

        Assert.Throws<ShardFolderException>(() => ShardMerger.Merge(Out, Out));
    }

    [Fact]
    public void Merge_NoShards_Throws()
    {
        Directory.CreateDirectory(Out);

        var ex = Assert.Throws<ShardFolderException>(() => ShardMerger.Merge(Out, Merged));

        Assert.Contains("no shard folders", ex.Message, StringComparison.Ordinal);
    }
}
