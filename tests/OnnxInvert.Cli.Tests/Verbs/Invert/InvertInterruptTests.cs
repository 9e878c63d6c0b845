using OnnxInvert.Cli.Tests.TestUtilities;

namespace OnnxInvert.Cli.Tests.Verbs.Invert;

/// <summary>
/// Ctrl-C during <c>invert</c> (a cancelled token, as <see cref="Interruption"/> produces): exit 130, what finished is
/// saved, and <c>--resume</c> completes the run with the same results as an uninterrupted one.
/// </summary>
public sealed class InvertInterruptTests : IDisposable
{
    private static readonly string[] Settings = ["--steps", "30", "--batch", "2", "--seed", "9"];

    private readonly InvertWorkspace _work = new(images: 6);

    public void Dispose() => _work.Dispose();

    [Fact]
    public void InterruptedMidRun_ExitsInterrupted_AndResumeFinishesLikeAnUninterruptedRun()
    {
        Assert.Equal(0, _work.Invert("full", Settings).ExitCode);
        using var cancel = new CancellationTokenSource();
        using var errors = new CancelOnProgress(cancel);

        int code = _work.InvertWith("cut", errors, cancel.Token, Settings);

        Assert.Equal(ExitCodes.Interrupted, code);
        Assert.Contains("interrupted", errors.ToString(), StringComparison.Ordinal);
        Assert.Contains("--resume", errors.ToString(), StringComparison.Ordinal);
        string cut = _work.File("cut");
        Assert.True(File.Exists(Path.Combine(cut, "index.csv")), "the index is written on interruption");

        var resumed = _work.Invert("cut", [.. Settings, "--resume"]);

        Assert.True(resumed.ExitCode == 0, resumed.Errors);
        var metrics = InvertWorkspace.Csv(Path.Combine(cut, "metrics.csv"));
        Assert.Equal(["0", "1", "2", "3", "4", "5"], metrics.Skip(1).Select(r => r[0]));
        Assert.Equal(
            InvertWorkspace.Npy(_work.File("full/latents.npy")).ToSingleArray(),
            InvertWorkspace.Npy(Path.Combine(cut, "latents.npy")).ToSingleArray());
    }

    [Fact]
    public void CancelledBeforeStart_ExitsInterrupted_WithNothingDone()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        using var errors = new StringWriter();

        int code = _work.InvertWith("none", errors, cancel.Token, Settings);

        Assert.Equal(ExitCodes.Interrupted, code);
        var index = InvertWorkspace.Csv(Path.Combine(_work.File("none"), "index.csv"));
        Assert.All(index.Skip(1), r => Assert.Equal("false", r[2]));
    }

    /// <summary>An error writer that requests cancellation on the first progress line invert writes.</summary>
    private sealed class CancelOnProgress(CancellationTokenSource cancel) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value is not null && value.Contains("images", StringComparison.Ordinal) && value.Contains('%', StringComparison.Ordinal))
            {
                cancel.Cancel();
            }
        }
    }
}
