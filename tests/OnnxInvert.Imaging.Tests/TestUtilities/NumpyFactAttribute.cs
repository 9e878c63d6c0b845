using System.Diagnostics;

namespace OnnxInvert.Imaging.Tests.TestUtilities;

/// <summary>
/// A fact that needs a Python with NumPy: the interpreter named by ONNXINVERT_PYTHON, else <c>python3</c> on PATH,
/// else Debian's <c>/usr/bin/python3</c> (a <c>python3</c> earlier on PATH may lack NumPy).
/// Skipped (with the reason shown) where none is found; the committed fixtures cover NumPy compatibility there.
/// </summary>
public sealed class NumpyFactAttribute : FactAttribute
{
    public NumpyFactAttribute()
    {
        if (NumpyPython.Executable is null)
        {
            Skip = "No Python with NumPy (set ONNXINVERT_PYTHON to one, e.g. Debian's python3 with python3-numpy).";
        }
    }
}

/// <summary>Finds and runs a Python interpreter that can import numpy.</summary>
internal static class NumpyPython
{
    private static readonly Lazy<string?> s_executable = new(Find);

    public static string? Executable => s_executable.Value;

    /// <summary>Runs <paramref name="script"/> with the given arguments; returns exit code and combined output.</summary>
    public static (int ExitCode, string Output) Run(string script, params string[] arguments)
    {
        string executable = Executable ?? throw new InvalidOperationException("No Python with NumPy.");
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("Python did not start.");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill();
            throw new TimeoutException("Python did not finish in 60 s.");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static string? Find()
    {
        string? configured = Environment.GetEnvironmentVariable("ONNXINVERT_PYTHON");
        foreach (string? candidate in new[] { configured, "python3", "/usr/bin/python3" })
        {
            if (string.IsNullOrEmpty(candidate))
            {
                continue;
            }

            try
            {
                var start = new ProcessStartInfo(candidate)
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                };
                start.ArgumentList.Add("-c");
                start.ArgumentList.Add("import numpy");
                using Process? process = Process.Start(start);
                if (process is null)
                {
                    continue;
                }

                process.StandardOutput.ReadToEnd();
                process.StandardError.ReadToEnd();
                if (process.WaitForExit(30_000) && process.ExitCode == 0)
                {
                    return candidate;
                }
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not installed under that name.
            }
        }

        return null;
    }
}
