using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace OnnxInvert.Cli.Tests.TestUtilities;

/// <summary>
/// Runs the real CLI as a child process, waits for its first progress line (so the run is inverting), sends it a
/// signal with <c>kill</c>, and waits (bounded) for it to end.
/// </summary>
internal static class SignalledRun
{
    /// <summary>Runs <c>onnxinvert ARGS</c>, sends SIG<paramref name="signal"/> mid-run; returns its exit code and standard error.</summary>
    public static (int Code, string Errors) Run(IEnumerable<string> args, string signal)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(typeof(ExitCodes).Assembly.Location);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        var errors = new StringBuilder();
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
        using (var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        errors.Append(process.StandardError.ReadToEnd());
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), $"the process ends after SIG{signal}");
        return (process.ExitCode, errors.ToString());
    }
}
