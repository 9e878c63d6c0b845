using System.Text.Json;
using OnnxInvert.Cli.Tests.TestUtilities;
using OnnxInvert.Inversion.Jobs.Sharding;

namespace OnnxInvert.Cli.Tests.Verbs.Invert;

/// <summary><c>invert --shard-index/--shard-count</c> and <c>--reuse</c>, then <c>merge</c>, on a tiny 2×2 generator.</summary>
public sealed class InvertShardTests : IDisposable
{
    private readonly InvertWorkspace _work = new(images: 5);

    public void Dispose() => _work.Dispose();

    [Fact]
    public void FilesTheInputSkips_AreListedByTheShardTheyFallIn_AndCarriedByTheMerge()
    {
        File.WriteAllText(Path.Combine(_work.Images, "img1b.png"), "not a png"); // between img1 (shard 0) and img2 (shard 1)
        File.WriteAllText(Path.Combine(_work.Images, "img9.png"), "not a png"); // after the last item
        for (int i = 0; i < 2; i++)
        {
            var shard = _work.Invert("out", "--shard-index", $"{i}", "--shard-count", "2");
            Assert.True(shard.ExitCode == 0, shard.Errors);
        }

        string[] Skipped(string index) => [.. InvertWorkspace.Csv(index).Where(r => r[^1] == "skipped").Select(r => Path.GetFileName(r[1]))];
        Assert.Empty(Skipped(Path.Combine(_work.File("out"), "shard-00000-of-00002", "index.csv")));
        Assert.Equal(["img1b.png", "img9.png"], Skipped(Path.Combine(_work.File("out"), "shard-00001-of-00002", "index.csv")));

        var merge = CliRunner.Run("merge", _work.File("out"), "--out", _work.File("merged"));
        Assert.True(merge.ExitCode == 0, merge.Errors);
        Assert.Equal(["img1b.png", "img9.png"], Skipped(Path.Combine(_work.File("merged"), "index.csv")));
    }

    [Fact]
    public void TwoShardsMerged_EqualOneUnshardedRun()
    {
        // Few steps from a random start: an item seeded by its row in the shard instead of its position in the whole
        // input would start elsewhere and end elsewhere.
        var whole = _work.Invert("whole", "--batch", "2");
        Assert.True(whole.ExitCode == 0, whole.Errors);
        for (int i = 0; i < 2; i++)
        {
            var shard = _work.Invert("out", "--batch", i == 0 ? "2" : "1", "--shard-index", $"{i}", "--shard-count", "2");
            Assert.True(shard.ExitCode == 0, shard.Errors);
        }

        string first = Path.Combine(_work.File("out"), "shard-00000-of-00002");
        string second = Path.Combine(_work.File("out"), "shard-00001-of-00002");
        Assert.True(File.Exists(Path.Combine(first, ShardFolder.SuccessFile)));
        Assert.True(File.Exists(Path.Combine(second, ShardFolder.SuccessFile)));
        var info = ShardInfo.Read(second);
        Assert.Equal((1, 2, 5, 2, 3), (info.Index, info.Count, info.Total, info.First, info.Items));
        Assert.Equal([3, 4], InvertWorkspace.Npy(Path.Combine(second, "latents.npy")).Shape);
        Assert.Equal(Path.Combine(_work.Images, "img2.png"), InvertWorkspace.Csv(Path.Combine(second, "index.csv"))[1][1]);

        var merge = CliRunner.Run("merge", _work.File("out"), "--out", _work.File("merged"));
        Assert.True(merge.ExitCode == 0, merge.Errors);
        Assert.Contains("5 items from 2 shards", merge.Output, StringComparison.Ordinal);
        float[] expected = InvertWorkspace.Npy(Path.Combine(_work.File("whole"), "latents.npy")).ToSingleArray();
        float[] merged = InvertWorkspace.Npy(Path.Combine(_work.File("merged"), "latents.npy")).ToSingleArray();
        Assert.Equal(expected.Length, merged.Length);
        for (int k = 0; k < expected.Length; k++)
        {
            Assert.Equal(expected[k], merged[k], 4);
        }

        double meanMse = InvertWorkspace.Summary(_work.File("whole")).GetProperty("mean_mse").GetDouble();
        Assert.Equal(meanMse, InvertWorkspace.Summary(_work.File("merged")).GetProperty("mean_mse").GetDouble(), 6);
    }

    [Fact]
    public void Resume_AfterKillBeforeFirstFlush_StartsTheShardAfresh()
    {
        // What kill -9 leaves before the first flush: shard.json, the PNG folder and a temporary file.
        string shard = Path.Combine(_work.File("out"), "shard-00001-of-00002");
        Directory.CreateDirectory(Path.Combine(shard, "reconstructions"));
        ShardInfo.For(new ShardSpec(1, 2), 5).Write(shard);
        File.WriteAllText(Path.Combine(shard, ".latents.npy.0123456789abcdef0123456789abcdef.tmp"), "half");

        var result = _work.Invert("out", "--shard-index", "1", "--shard-count", "2", "--resume");

        Assert.True(result.ExitCode == 0, result.Errors);
        Assert.True(File.Exists(Path.Combine(shard, ShardFolder.SuccessFile)));
        Assert.Empty(Directory.EnumerateFiles(shard, "*.tmp"));
    }

    [Fact]
    public void Merge_MissingShard_IsNamed_ExitOne()
    {
        Assert.Equal(0, _work.Invert("out", "--shard-index", "0", "--shard-count", "3").ExitCode);
        Assert.Equal(0, _work.Invert("out", "--shard-index", "2", "--shard-count", "3").ExitCode);

        var merge = CliRunner.Run("merge", _work.File("out"), "--out", _work.File("merged"));

        Assert.Equal(ExitCodes.Failure, merge.ExitCode);
        Assert.Contains("shard-00001-of-00003", merge.Errors, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_work.File("merged"), "latents.npy")));
    }

    [Fact]
    public void Merge_PartialShard_IsNamed_ExitOne()
    {
        Assert.Equal(0, _work.Invert("out", "--shard-index", "0", "--shard-count", "2").ExitCode);
        Assert.Equal(0, _work.Invert("out", "--shard-index", "1", "--shard-count", "2").ExitCode);
        File.Delete(Path.Combine(_work.File("out"), "shard-00001-of-00002", ShardFolder.SuccessFile));

        var merge = CliRunner.Run("merge", _work.File("out"), "--out", _work.File("merged"));

        Assert.Equal(ExitCodes.Failure, merge.ExitCode);
        Assert.Contains("shard-00001-of-00002", merge.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Merge_OtherSettingsInOneShard_IsRefused()
    {
        Assert.Equal(0, _work.Invert("out", "--shard-index", "0", "--shard-count", "2").ExitCode);
        Assert.Equal(0, _work.Invert("out", "--shard-index", "1", "--shard-count", "2", "--steps", "21").ExitCode);

        var merge = CliRunner.Run("merge", _work.File("out"), "--out", _work.File("merged"));

        Assert.Equal(ExitCodes.Failure, merge.ExitCode);
        Assert.Contains("shard-00001-of-00002", merge.Errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--shard-index", "2", "--shard-count", "2")]
    [InlineData("--shard-index", "0")]
    [InlineData("--shard-count", "2")]
    public void BadShard_IsUsageError(params string[] flags)
    {
        var result = _work.Invert("out", flags);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("shard", result.Errors, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_work.File("out"), "shard-00000-of-00002")));
    }

    [Fact]
    public void Reuse_TakesOverFinishedItemsOfAnotherShardCount()
    {
        Assert.Equal(0, _work.Invert("old", "--shard-index", "0", "--shard-count", "2").ExitCode);
        string oldShard = Path.Combine(_work.File("old"), "shard-00000-of-00002");
        float[] oldLatents = InvertWorkspace.Npy(Path.Combine(oldShard, "latents.npy")).ToSingleArray();
        string statePath = Path.Combine(oldShard, ShardFolder.StateFile);
        string state = File.ReadAllText(statePath);
        using (var doc = JsonDocument.Parse(state))
        {
            Assert.Equal(2, doc.RootElement.GetProperty("finished").GetInt32());
        }

        var result = _work.Invert("new", "--shard-index", "0", "--shard-count", "1", "--reuse", _work.File("old"));

        Assert.True(result.ExitCode == 0, result.Errors);
        Assert.Contains("reused 2 finished item(s)", result.Errors, StringComparison.Ordinal);
        string newShard = Path.Combine(_work.File("new"), "shard-00000-of-00001");
        float[] newLatents = InvertWorkspace.Npy(Path.Combine(newShard, "latents.npy")).ToSingleArray();
        Assert.Equal(oldLatents, newLatents[..oldLatents.Length]);
        Assert.True(File.Exists(Path.Combine(newShard, ShardFolder.SuccessFile)));
        var metrics = InvertWorkspace.Csv(Path.Combine(newShard, "metrics.csv"));
        Assert.Equal(6, metrics.Length);
        var oldMetrics = InvertWorkspace.Csv(Path.Combine(oldShard, "metrics.csv"));
        Assert.Equal(oldMetrics[1], metrics[1]);
        Assert.True(File.Exists(Path.Combine(newShard, "reconstructions", "00000.png")));
    }

    [Fact]
    public void Reuse_OtherSettings_AreNotTakenOver()
    {
        Assert.Equal(0, _work.Invert("old", "--steps", "21").ExitCode);

        var result = _work.Invert("new", "--reuse", _work.File("old"));

        Assert.True(result.ExitCode == 0, result.Errors);
        Assert.Contains("not reused", result.Errors, StringComparison.Ordinal);
        Assert.Contains("reused 0 finished item(s)", result.Errors, StringComparison.Ordinal);
    }
}
