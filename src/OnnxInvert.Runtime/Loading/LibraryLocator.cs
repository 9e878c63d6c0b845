using System.Runtime.InteropServices;

namespace OnnxInvert.Runtime.Loading;

/// <summary>
/// Decides where to look for the ONNX Runtime library. A path the user chose (the caller's explicit path, else the
/// <see cref="OrtLibrary.PathVariable"/> environment variable) is the only candidate: silently using another library
/// than the one asked for would hide a mistake. Otherwise the copy beside the application, then the build cache.
/// </summary>
internal static class LibraryLocator
{
    /// <summary>The ONNX Runtime version the build fetches (build/OnnxRuntimeNative.targets).</summary>
    public const string BundledVersion = "1.30.0";

    /// <summary>The library's file name on this operating system.</summary>
    public static string FileName =>
        OperatingSystem.IsWindows() ? "onnxruntime.dll"
        : OperatingSystem.IsMacOS() ? "libonnxruntime.dylib"
        : "libonnxruntime.so.1";

    /// <summary>The runtime identifier of the cache folder, e.g. "linux-x64".</summary>
    public static string CacheRid
    {
        get
        {
            string os = OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux";
            return $"{os}-{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}";
        }
    }

    /// <summary>The candidates for this process: its environment variables and <see cref="AppContext.BaseDirectory"/>.</summary>
    public static IReadOnlyList<LibraryCandidate> Candidates(string? explicitPath) =>
        Candidates(explicitPath, Environment.GetEnvironmentVariable, AppContext.BaseDirectory);

    /// <summary>The candidates, in the order they are tried.</summary>
    /// <param name="explicitPath">A path the caller gave (a file, or a folder holding <see cref="FileName"/>), or null.</param>
    /// <param name="environment">Reads an environment variable (null or empty when unset).</param>
    /// <param name="baseDirectory">The application's folder.</param>
    public static IReadOnlyList<LibraryCandidate> Candidates(string? explicitPath, Func<string, string?> environment, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(baseDirectory);
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return [new LibraryCandidate(Normalize(explicitPath), "the path given explicitly (--ort-lib)", ChosenByUser: true)];
        }

        string? fromVariable = environment(OrtLibrary.PathVariable);
        if (!string.IsNullOrWhiteSpace(fromVariable))
        {
            return [new LibraryCandidate(Normalize(fromVariable), $"the {OrtLibrary.PathVariable} environment variable", ChosenByUser: true)];
        }

        return
        [
            new LibraryCandidate(Path.GetFullPath(Path.Combine(baseDirectory, FileName)), "beside the application", ChosenByUser: false),
            new LibraryCandidate(CachedLibrary(environment), "the build cache", ChosenByUser: false),
        ];
    }

    /// <summary>
    /// The library in the build cache: <c>$ONNXINVERT_CACHE_DIR</c>, else <c>$XDG_CACHE_HOME/onnxinvert</c>, else
    /// <c>~/.cache/onnxinvert</c>, then <c>onnxruntime-1.30.0/linux-x64/libonnxruntime.so.1</c>.
    /// </summary>
    public static string CachedLibrary(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        string root;
        if (environment("ONNXINVERT_CACHE_DIR") is { Length: > 0 } cacheDir)
        {
            root = cacheDir;
        }
        else if (environment("XDG_CACHE_HOME") is { Length: > 0 } xdg)
        {
            root = Path.Combine(xdg, "onnxinvert");
        }
        else
        {
            string home = environment("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            root = Path.Combine(home, ".cache", "onnxinvert");
        }

        return Path.GetFullPath(Path.Combine(root, $"onnxruntime-{BundledVersion}", CacheRid, FileName));
    }

    private static string Normalize(string path)
    {
        string full = Path.GetFullPath(path.Trim());
        return Directory.Exists(full) ? Path.Combine(full, FileName) : full;
    }
}
