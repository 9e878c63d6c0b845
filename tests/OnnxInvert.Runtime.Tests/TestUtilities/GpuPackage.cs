using System.Diagnostics;
using System.Reflection;

namespace OnnxInvert.Runtime.Tests.TestUtilities;

/// <summary>
/// The official GPU build's <c>libonnxruntime.so</c> (Microsoft.ML.OnnxRuntime.Gpu.Linux, the version set in
/// build/OnnxRuntime.props), restored on first use into NuGet's global packages folder by a throwaway project in a
/// temporary folder: the default build never takes it.
/// </summary>
internal static class GpuPackage
{
    private const string Id = "Microsoft.ML.OnnxRuntime.Gpu.Linux";
    private static readonly Lazy<(string? Library, string? Problem)> s_library = new(Restore);

    /// <summary>The package version the build props name.</summary>
    public static string Version { get; } =
        typeof(GpuPackage).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().First(a => a.Key == "OnnxRuntimeGpuVersion").Value!;

    /// <summary>The library's path, or null (see <see cref="Problem"/>).</summary>
    public static string? Library => s_library.Value.Library;

    /// <summary>Why the library is not available, or null.</summary>
    public static string? Problem => s_library.Value.Problem;

    /// <summary>Runs the test assembly's <see cref="ProviderProbe"/> in a new process with the GPU build loaded.</summary>
    public static (int ExitCode, string Output) Probe(string provider)
    {
        string library = Library ?? throw new InvalidOperationException(Problem);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(GpuPackage).Assembly.Location);
        start.ArgumentList.Add("probe");
        start.ArgumentList.Add(provider);
        start.Environment[OrtLibrary.PathVariable] = library;
        return Run(start, TimeSpan.FromMinutes(2));
    }

    private static (string? Library, string? Problem) Restore()
    {
        if (Environment.GetEnvironmentVariable("ONNXINVERT_SKIP_GPU_PACKAGE") == "1")
        {
            return (null, "ONNXINVERT_SKIP_GPU_PACKAGE=1");
        }

        string root = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } packages
            ? packages
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string library = Path.Combine(root, Id.ToLowerInvariant(), Version, "runtimes", "linux-x64", "native", "libonnxruntime.so");
        if (File.Exists(library))
        {
            return (library, null);
        }

        string work = Path.Combine(Path.GetTempPath(), "onnxinvert-gpu-package-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            File.WriteAllText(Path.Combine(work, "restore.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup><TargetFramework>net10.0</TargetFramework></PropertyGroup>
                  <ItemGroup><PackageReference Include="{Id}" Version="{Version}" /></ItemGroup>
                </Project>
                """);
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = work, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add("restore");
            start.ArgumentList.Add("--nologo");
            (int exitCode, string output) = Run(start, TimeSpan.FromMinutes(5));
            return exitCode == 0 && File.Exists(library)
                ? (library, null)
                : (null, $"restoring {Id} {Version} failed (exit {exitCode}): {output.Trim()}");
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static (int ExitCode, string Output) Run(ProcessStartInfo start, TimeSpan timeout)
    {
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start.");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"timed out after {timeout}");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}

/// <summary>A fact that needs the GPU package's library; skipped with the reason where it cannot be restored.</summary>
public sealed class GpuPackageFactAttribute : FactAttribute
{
    public GpuPackageFactAttribute()
    {
        if (GpuPackage.Problem is { } problem)
        {
            Skip = $"The GPU build of ONNX Runtime is not available: {problem}";
        }
    }
}
