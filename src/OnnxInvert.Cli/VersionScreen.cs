using System.Reflection;
using OnnxInvert.Runtime;

namespace OnnxInvert.Cli;

/// <summary><c>onnxinvert --version</c>: the tool's version and the ONNX Runtime it loads.</summary>
internal static class VersionScreen
{
    /// <summary>Writes "onnxinvert VERSION" and "ONNX Runtime VERSION (PATH)", or why the runtime did not load.</summary>
    public static void Write(TextWriter output)
    {
        output.WriteLine($"onnxinvert {ToolVersion(withCommit: true)}");
        try
        {
            output.WriteLine($"ONNX Runtime {OrtLibrary.Version} ({OrtLibrary.LoadedPath})");
        }
        catch (Exception ex) when (ex is DllNotFoundException or OrtException or InvalidOperationException)
        {
            output.WriteLine($"ONNX Runtime not loaded: {ex.Message.Split('\n')[0].Trim()}");
        }
    }

    /// <summary>The informational version, e.g. "0.1.0" or, with the commit, "0.1.0+cf9ed60".</summary>
    public static string ToolVersion(bool withCommit)
    {
        string version = typeof(VersionScreen).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? typeof(VersionScreen).Assembly.GetName().Version?.ToString()
            ?? "unknown";
        int plus = version.IndexOf('+', StringComparison.Ordinal);
        if (plus < 0)
        {
            return version;
        }

        return withCommit ? version[..Math.Min(version.Length, plus + 8)] : version[..plus];
    }
}
