using OnnxInvert.Cli.Tests.TestUtilities;
using OnnxInvert.Inversion.Jobs;

namespace OnnxInvert.Cli.Tests.Verbs.Invert;

/// <summary>SIGTERM (what schedulers and <c>docker stop</c> send) is handled like Ctrl-C: the run saves and exits 130.</summary>
public sealed class InvertSigtermTests : IDisposable
{
    private readonly InvertWorkspace _work = new(images: 3);

    public void Dispose() => _work.Dispose();

    [Fact]
    public void Sigterm_SavesWhatFinished_AndExitsInterrupted()
    {
        string dir = _work.File("out");
        var (code, errors) = SignalledRun.Run(["invert", "-m", _work.Model, "-i", _work.Images, "-o", dir, "--steps", "100000000", "--batch", "1"], "TERM");

        Assert.Equal(ExitCodes.Interrupted, code);
        Assert.Contains("SIGTERM", errors, StringComparison.Ordinal);
        Assert.Contains("--resume", errors, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir, RunFolder.StateFile)), "the state is saved");
        Assert.False(File.Exists(Path.Combine(dir, RunFolder.LockFile)), "the lock is released");
    }
}
