using System.Text.Json.Nodes;
using OnnxInvert.Cli.Verbs.Shared;
using OnnxInvert.Inversion.Jobs;
using OnnxInvert.Cli.Tests.TestUtilities;

namespace OnnxInvert.Cli.Tests.Verbs.Invert;

/// <summary>
/// <c>invert --resume</c>: state.json lists the finished images and is written last, so an interrupted run is
/// simulated by cutting results out of it (as if the process died before they were flushed).
/// </summary>
public sealed class InvertResumeTests : IDisposable
{
    private static readonly string[] Settings = ["--steps", "15", "--batch", "2", "--seed", "4"];

    private readonly InvertWorkspace _work = new(images: 4);

    public void Dispose() => _work.Dispose();

    [Fact]
    public void ResumingAnInterruptedRun_InvertsOnlyTheMissingImages_AndEndsAsAnUninterruptedRun()
    {
        Assert.Equal(0, _work.Invert("full", Settings).ExitCode);
        Assert.Equal(0, _work.Invert("cut", Settings).ExitCode);
        string cut = _work.File("cut");
        KeepOnly(cut, 0, 2);
        long earlierSteps = JsonNode.Parse(File.ReadAllText(Path.Combine(cut, RunFolder.StateFile)))!["sample_steps"]!.GetValue<long>();
        File.Delete(Path.Combine(cut, "reconstructions", "00001.png"));
        File.Delete(Path.Combine(cut, "reconstructions", "00003.png"));

        var result = _work.Invert("cut", [.. Settings, "--resume"]);

        Assert.True(result.ExitCode == 0, result.Errors);
        Assert.Contains("2 of 4 images already done", result.Errors, StringComparison.Ordinal);
        var metrics = InvertWorkspace.Csv(Path.Combine(cut, "metrics.csv"));
        Assert.Equal(["0", "1", "2", "3"], metrics.Skip(1).Select(r => r[0]));
        Assert.All(InvertWorkspace.Csv(Path.Combine(cut, "index.csv")).Skip(1), r => Assert.Equal("true", r[2]));
        Assert.True(File.Exists(Path.Combine(cut, "reconstructions", "00001.png")));
        Assert.True(File.Exists(Path.Combine(cut, "reconstructions", "00003.png")));
        var summary = InvertWorkspace.Summary(cut);
        Assert.Equal(4, summary.GetProperty("images").GetInt32());
        Assert.Equal(2, summary.GetProperty("resumed_images").GetInt32());
        Assert.Equal(earlierSteps + (2 * 15), summary.GetProperty("sample_steps").GetInt64()); // over both runs

        // Every image's draws depend only on the seed and its index, so the resumed images match the uninterrupted run.
        Assert.Equal(
            InvertWorkspace.Npy(_work.File("full/latents.npy")).ToSingleArray(),
            InvertWorkspace.Npy(Path.Combine(cut, "latents.npy")).ToSingleArray());
    }

    [Fact]
    public void ResumingACompletedRun_DoesNothingNew()
    {
        Assert.Equal(0, _work.Invert("done", Settings).ExitCode);
        string dir = _work.File("done");
        double wall = InvertWorkspace.Summary(dir).GetProperty("wall_seconds").GetDouble();
        long steps = InvertWorkspace.Summary(dir).GetProperty("sample_steps").GetInt64();
        byte[] latents = File.ReadAllBytes(Path.Combine(dir, "latents.npy"));
        string metrics = File.ReadAllText(Path.Combine(dir, "metrics.csv"));
        var stamp = File.GetLastWriteTimeUtc(Path.Combine(dir, "reconstructions", "00000.png"));

        var result = _work.Invert("done", [.. Settings, "--resume"]);

        Assert.True(result.ExitCode == 0, result.Errors);
        Assert.Contains("4 of 4 images already done", result.Errors, StringComparison.Ordinal);
        Assert.Equal(latents, File.ReadAllBytes(Path.Combine(dir, "latents.npy")));
        Assert.Equal(metrics, File.ReadAllText(Path.Combine(dir, "metrics.csv")));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(Path.Combine(dir, "reconstructions", "00000.png")));
        var summary = InvertWorkspace.Summary(dir);
        Assert.Equal(4, summary.GetProperty("resumed_images").GetInt32());
        Assert.Equal(steps, summary.GetProperty("sample_steps").GetInt64()); // the first run's, nothing added
        Assert.True(summary.GetProperty("wall_seconds").GetDouble() >= wall, "the first run's time is kept, not replaced by the resume's");
    }

    [Fact]
    public void ResumingAfterAKillMidRow_CutsTheTornTail_RewritesUncommittedRows_AndEndsAsAnUninterruptedRun()
    {
        Assert.Equal(0, _work.Invert("full", Settings).ExitCode);
        Assert.Equal(0, _work.Invert("torn", Settings).ExitCode);
        string torn = _work.File("torn");
        string metrics = Path.Combine(torn, "metrics.csv");
        string third = File.ReadAllLines(metrics)[3];
        KeepOnly(torn, 0, 1);
        File.AppendAllText(metrics, third[..(third.Length / 2)]); // the kill cut a row that was being appended
        using (var latents = new FileStream(Path.Combine(torn, "latents.npy"), FileMode.Open))
        {
            latents.Seek(-4, SeekOrigin.End);
            latents.Write([0x7F, 0x7F, 0x7F, 0x7F]); // a half-written row of an image the state never committed
        }

        var result = _work.Invert("torn", [.. Settings, "--resume"]);

        Assert.True(result.ExitCode == 0, result.Errors);
        Assert.Contains("2 of 4 images already done", result.Errors, StringComparison.Ordinal);
        static IEnumerable<string> WithoutSeconds(string path)
        {
            var rows = InvertWorkspace.Csv(path).ToArray();
            int seconds = Array.IndexOf(rows[0], "seconds");
            return rows.Select(r => string.Join(",", r.Where((_, i) => i != seconds)));
        }
        Assert.Equal(WithoutSeconds(_work.File("full/metrics.csv")), WithoutSeconds(metrics));
        Assert.Equal(
            InvertWorkspace.Npy(_work.File("full/latents.npy")).ToSingleArray(),
            InvertWorkspace.Npy(Path.Combine(torn, "latents.npy")).ToSingleArray());
    }

    [Fact]
    public void ResumeWithNothingThere_StartsAfresh()
    {
        var result = _work.Invert("fresh", [.. Settings, "--resume"]);

        Assert.True(result.ExitCode == 0, result.Errors);
        Assert.Contains("nothing to resume", result.Errors, StringComparison.Ordinal);
        Assert.Equal(4, InvertWorkspace.Summary(_work.File("fresh")).GetProperty("images").GetInt32());
    }

    [Fact]
    public void ResumeWithOtherSettings_ExitsTwo()
    {
        Assert.Equal(0, _work.Invert("other", Settings).ExitCode);

        var result = _work.Invert("other", "--steps", "15", "--batch", "2", "--seed", "5", "--resume");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("other settings", result.Errors, StringComparison.Ordinal);
    }

    /// <summary>
    /// Leaves <paramref name="dir"/> as a run killed with only <paramref name="indices"/> committed would: metrics.csv
    /// holds their rows, and state.json commits them (the other images' rows in the .npy tables are not trusted).
    /// </summary>
    private static void KeepOnly(string dir, params int[] indices)
    {
        string metrics = Path.Combine(dir, RunFolder.MetricsFile);
        string[] lines = File.ReadAllLines(metrics);
        string[] kept = [lines[0], .. lines.Skip(1).Where(l => indices.Contains(int.Parse(l.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture)))];
        Assert.Equal(indices.Length + 1, kept.Length);
        File.WriteAllText(metrics, string.Join("\n", kept) + "\n");
        string path = Path.Combine(dir, RunFolder.StateFile);
        var state = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        state["finished"] = indices.Length;
        state["metrics_bytes"] = new FileInfo(metrics).Length;
        File.WriteAllText(path, state.ToJsonString());
    }
}
