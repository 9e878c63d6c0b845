using System.Diagnostics;

namespace OnnxInvert.Server.Tests.TestUtilities;

/// <summary>The real CLI, <c>onnxinvert serve</c>, as a child process on an ephemeral loopback port.</summary>
internal sealed class ServeProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _errors = [];

    private ServeProcess(Process process) => _process = process;

    public Uri Address { get; private set; } = new("http://127.0.0.1");

    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return string.Join("\n", _errors);
            }
        }
    }

    /// <summary>Starts <c>serve</c> with <paramref name="arguments"/> and waits (at most 120 s) for its "listening on" line.</summary>
    public static ServeProcess Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in (string[])[ServerPaths.Cli, "serve", "--urls", "http://127.0.0.1:0", .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var serve = new ServeProcess(process);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (serve._errors)
                {
                    serve._errors.Add(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
        var line = process.StandardOutput.ReadLineAsync();
        if (!line.Wait(TimeSpan.FromSeconds(120)) || line.Result is not { } text || !text.StartsWith("serve: listening on ", StringComparison.Ordinal))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"serve did not start listening: {(line.IsCompleted ? line.Result : "(no line in 120 s)")}\n{serve.Errors}");
        }

        serve.Address = new Uri(text["serve: listening on ".Length..]);
        return serve;
    }

    /// <summary>kill -9: no drain, no flush, nothing the process could do.</summary>
    public void KillHard()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit(30_000);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            KillHard();
        }

        _process.Dispose();
    }
}
