using System.Diagnostics;
using System.Globalization;
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
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string arg in (string[])[typeof(ExitCodes).Assembly.Location, "invert", "-m", _work.Model, "-i", _work.Images, "-o", dir, "--steps", "100000000", "--batch", "1"])
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        var errors = new System.Text.StringBuilder();
        string? line;
        while ((line = process.StandardError.ReadLine()) is not null)
        {
            errors.AppendLine(line);
            if (line.Contains('%', StringComparison.Ordinal))
            {
                break;
            }
        }

        Assert.False(process.HasExited, errors.ToString());
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        errors.Append(process.StandardError.ReadToEnd());
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "the process ends after SIGTERM");

        Assert.Equal(ExitCodes.Interrupted, process.ExitCode);
        Assert.Contains("SIGTERM", errors.ToString(), StringComparison.Ordinal);
        Assert.Contains("--resume", errors.ToString(), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir, RunFolder.StateFile)), "the state is saved");
        Assert.False(File.Exists(Path.Combine(dir, RunFolder.LockFile)), "the lock is released");
    }
}
