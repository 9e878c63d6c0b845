using System.Runtime.InteropServices;

namespace OnnxInvert.Runtime.Loading;

/// <summary>
/// Decides where to look for the ONNX Runtime library. A path the user chose (the caller's explicit path, else the
/// <see cref="OrtLibrary.PathVariable"/> environment variable) is the only candidate: silently using another library
/// than the one asked for would hide a mistake. Otherwise the places NuGet puts the native library of the
/// <c>Microsoft.ML.OnnxRuntime</c> (or <c>.Gpu.Linux</c>) package: the application's native search folders from its
/// <c>.deps.json</c>, beside the application (a build or publish for one runtime identifier), and
/// <c>runtimes/RID/native/</c> under it (a build for any platform).
/// </summary>
internal static class LibraryLocator
{
    /// <summary>The AppContext entry the .NET host fills with the application's native library folders.</summary>
    public const string NativeSearchDirectoriesKey = "NATIVE_DLL_SEARCH_DIRECTORIES";

    /// <summary>The library's file names on this operating system, the NuGet package's first, then the release archive's.</summary>
    public static IReadOnlyList<string> FileNames { get; } =
        OperatingSystem.IsWindows() ? ["onnxruntime.dll"]
        : OperatingSystem.IsMacOS() ? ["libonnxruntime.dylib"]
        : ["libonnxruntime.so", "libonnxruntime.so.1"];

    /// <summary>The library's usual file name on this operating system (the NuGet package's).</summary>
    public static string FileName => FileNames[0];

    /// <summary>This process's runtime identifier as NuGet folders name it, e.g. "linux-x64".</summary>
    public static string Rid
    {
        get
        {
            string os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
            return $"{os}-{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}";
        }
    }

    /// <summary>The candidates for this process: its environment variables, native search folders and <see cref="AppContext.BaseDirectory"/>.</summary>
    public static IReadOnlyList<LibraryCandidate> Candidates(string? explicitPath) =>
        Candidates(explicitPath, Environment.GetEnvironmentVariable, AppContext.BaseDirectory, AppContext.GetData(NativeSearchDirectoriesKey) as string);

    /// <summary>The candidates, in the order they are tried.</summary>
    /// <param name="explicitPath">A path the caller gave (a file, or a folder holding the library), or null.</param>
    /// <param name="environment">Reads an environment variable (null or empty when unset).</param>
    /// <param name="baseDirectory">The application's folder.</param>
    /// <param name="nativeSearchDirectories">The host's native search folders, separated by <see cref="Path.PathSeparator"/>, or null.</param>
    public static IReadOnlyList<LibraryCandidate> Candidates(
        string? explicitPath, Func<string, string?> environment, string baseDirectory, string? nativeSearchDirectories = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(baseDirectory);
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return [new LibraryCandidate(Normalize(explicitPath), "the path given to OrtLibrary.Load", ChosenByUser: true)];
        }

        string? fromVariable = environment(OrtLibrary.PathVariable);
        if (!string.IsNullOrWhiteSpace(fromVariable))
        {
            return [new LibraryCandidate(Normalize(fromVariable), $"the {OrtLibrary.PathVariable} environment variable", ChosenByUser: true)];
        }

        var folders = new List<(string Folder, string Origin)>();
        foreach (string folder in (nativeSearchDirectories ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            folders.Add((folder, "a native folder in the application's .deps.json"));
        }

        folders.Add((baseDirectory, "beside the application"));
        folders.Add((Path.Combine(baseDirectory, "runtimes", Rid, "native"), $"the application's runtimes/{Rid}/native folder"));

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var candidates = new List<LibraryCandidate>();
        foreach (var (folder, origin) in folders)
        {
            foreach (string name in FileNames)
            {
                string path = Path.GetFullPath(Path.Combine(folder, name));
                if (seen.Add(path))
                {
                    candidates.Add(new LibraryCandidate(path, origin, ChosenByUser: false));
                }
            }
        }

        return candidates;
    }

    /// <summary>A file as given; a folder as the first of <see cref="FileNames"/> inside it that exists (else the first).</summary>
    private static string Normalize(string path)
    {
        string full = Path.GetFullPath(path.Trim());
        if (!Directory.Exists(full))
        {
            return full;
        }

        foreach (string name in FileNames)
        {
            string inside = Path.Combine(full, name);
            if (File.Exists(inside))
            {
                return inside;
            }
        }

        return Path.Combine(full, FileName);
    }
}
