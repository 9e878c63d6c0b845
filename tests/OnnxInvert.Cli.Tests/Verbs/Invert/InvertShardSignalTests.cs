using OnnxInvert.Cli.Tests.TestUtilities;
using OnnxInvert.Inversion.Jobs;
using OnnxInvert.Inversion.Jobs.Sharding;

namespace OnnxInvert.Cli.Tests.Verbs.Invert;

/// <summary>A shard stopped by SIGUSR1 (Slurm's warning before the time limit) or SIGTERM saves and exits 75.</summary>
public sealed class InvertShardSignalTests : IDisposable
{
    private readonly InvertWorkspace _work = new(images: 3);

    public void Dispose() => _work.Dispose();

    [Theory]
    [InlineData("USR1")]
    [InlineData("TERM")]
    public void Signal_SavesAndExitsRetriable(string signal)
    {
        string dir = _work.File("out");
        string shard = Path.Combine(dir, "shard-00000-of-00001");
        string[] command = ["invert", "-m", _work.Model, "-i", _work.Images, "-o", dir, "--prior", "uniform", "--batch", "1", "--shard-index", "0", "--shard-count", "1"];
        var (code, errors) = SignalledRun.Run([.. command, "--steps", "100000000"], signal);

        Assert.Equal(ShardExitCodes.Retriable, code);
        Assert.Contains("SIG" + signal, errors, StringComparison.Ordinal);
        Assert.Contains("--resume", errors, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(shard, RunFolder.StateFile)), "the state is saved");
        Assert.True(File.Exists(Path.Combine(shard, ShardFolder.InfoFile)), "shard.json is written at the start");
        Assert.False(File.Exists(Path.Combine(shard, ShardFolder.SuccessFile)), "an unfinished shard has no _SUCCESS");
    }
}
