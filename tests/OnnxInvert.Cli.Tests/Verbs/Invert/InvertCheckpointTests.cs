using System.Text.Json;
using OnnxInvert.Cli.Tests.TestUtilities;
using OnnxInvert.Inversion.Jobs;

namespace OnnxInvert.Cli.Tests.Verbs.Invert;

/// <summary>
/// A real invert process stopped by SIGTERM checkpoints the image in flight; --resume continues it from the step it
/// reached and ends with the latents of an uninterrupted run, bit for bit (same batch size).
/// </summary>
public sealed class InvertCheckpointTests : IDisposable
{
    private static readonly string[] Settings = ["--prior", "uniform", "--batch", "1", "--steps", "20000", "--optimizer", "adam", "--lr", "0.01"];

    private readonly InvertWorkspace _work = new(images: 2);

    public void Dispose() => _work.Dispose();

    [Fact]
    public void Sigterm_CheckpointsTheImageInFlight_AndResumeEndsLikeAnUninterruptedRun()
    {
        string dir = _work.File("cut");
        var (code, errors) = RunUntilSigterm(dir);

        Assert.Equal(ExitCodes.Interrupted, code);
        Assert.Contains("image(s) in flight checkpointed", errors, StringComparison.Ordinal);
        string checkpointPath = Path.Combine(dir, RunFolder.CheckpointFile);
        Assert.True(File.Exists(checkpointPath), errors);
        using (var checkpoint = JsonDocument.Parse(File.ReadAllText(checkpointPath)))
        {
            var slot = checkpoint.RootElement.GetProperty("slots")[0];
            Assert.InRange(slot.GetProperty("steps").GetInt32(), 1, 19999); // stopped midway through an image
        }

        var resumed = _work.Invert("cut", [.. Settings, "--resume"]);
        var full = _work.Invert("full", Settings);

        Assert.True(resumed.ExitCode == 0, resumed.Errors);
        Assert.True(full.ExitCode == 0, full.Errors);
        Assert.Contains("image(s) in flight from checkpoint.json at the step they reached", resumed.Errors, StringComparison.Ordinal);
        Assert.False(File.Exists(checkpointPath), "the checkpoint is consumed by the resume");
        Assert.Equal(
            InvertWorkspace.Npy(_work.File("full/latents.npy")).ToSingleArray(),
            InvertWorkspace.Npy(Path.Combine(dir, "latents.npy")).ToSingleArray());
        Assert.Equal(
            InvertWorkspace.Csv(_work.File("full/metrics.csv")).Select(r => string.Join(",", r[0], r[2], r[7], r[12])),
            InvertWorkspace.Csv(Path.Combine(dir, "metrics.csv")).Select(r => string.Join(",", r[0], r[2], r[7], r[12])));
    }

    [Theory]
    [InlineData("{ not json")]
    [InlineData("{ \"format\": \"onnxinvert-checkpoint\", \"version\": 1, \"fingerprint\": \"another run\", \"slots\": [], \"images\": [], \"retries\": [], \"pending\": [] }")]
    public void Resume_WithADamagedOrForeignCheckpoint_ExitsOne_NamingTheFile(string text)
    {
        using var cancel = new CancellationTokenSource();
        using var errors = new CancelOnProgress(cancel);
        Assert.Equal(ExitCodes.Interrupted, _work.InvertWith("cut", errors, cancel.Token, Settings));
        string checkpointPath = Path.Combine(_work.File("cut"), RunFolder.CheckpointFile);
        Assert.True(File.Exists(checkpointPath), errors.ToString());
        File.WriteAllText(checkpointPath, text);

        var resumed = _work.Invert("cut", [.. Settings, "--resume"]);

        Assert.Equal(1, resumed.ExitCode);
        Assert.Contains(checkpointPath, resumed.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", resumed.Errors, StringComparison.Ordinal);
    }

    private (int Code, string Errors) RunUntilSigterm(string dir) =>
        SignalledRun.Run(["invert", "-m", _work.Model, "-i", _work.Images, "-o", dir, .. Settings], "TERM");

    /// <summary>An error writer that requests cancellation on the first progress line invert writes.</summary>
    private sealed class CancelOnProgress(CancellationTokenSource cancel) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value is not null && value.Contains('%', StringComparison.Ordinal))
            {
                cancel.Cancel();
            }
        }
    }
}
