using OnnxInvert.Runtime.Loading;
using OnnxInvert.Runtime.Native;

namespace OnnxInvert.Runtime;

/// <summary>
/// The ONNX Runtime native library of this process: located and loaded once, then used by every session.
/// </summary>
/// <remarks>
/// <para>Where it is looked for, in order: the path given to <see cref="Load"/> (the CLI's <c>--ort-lib</c>); else the
/// <see cref="PathVariable"/> environment variable; else where NuGet put the native library of the
/// <c>Microsoft.ML.OnnxRuntime</c> package (or <c>Microsoft.ML.OnnxRuntime.Gpu.Linux</c>) that this library depends on:
/// the application's native library folders (from its <c>.deps.json</c>), beside the application (a publish for one
/// runtime identifier), then <c>runtimes/linux-x64/native/</c> under it (a build for any platform). File names tried:
/// <c>libonnxruntime.so</c>, then <c>libonnxruntime.so.1</c>. A path the user chose is the only one tried.</para>
/// <para>Any ONNX Runtime 1.20 or newer works (C API version <see cref="ApiVersion"/> is requested and the table only
/// grows), so an official GPU build can replace the CPU build. Without an explicit <see cref="Load"/>, the
/// first use loads from the default places. All members are thread-safe.</para>
/// </remarks>
public static class OrtLibrary
{
    /// <summary>The C API version requested from the library: 20, served by ONNX Runtime 1.20 and every later release.</summary>
    public const uint ApiVersion = 20;

    /// <summary>The environment variable that names the library to load: <c>ONNXINVERT_ORT_LIB</c>.</summary>
    public const string PathVariable = "ONNXINVERT_ORT_LIB";

    private static readonly Lock Gate = new();
    private static volatile LoadedLibrary? s_loaded;
    private static IReadOnlyList<string>? s_providers;

    /// <summary>Whether the library has been loaded in this process.</summary>
    public static bool IsLoaded => s_loaded is not null;

    /// <summary>The full path the library was loaded from (loading it from the default places if needed).</summary>
    public static string LoadedPath => Loaded.Path;

    /// <summary>The loaded runtime's version, e.g. "1.31.1" (loading it from the default places if needed).</summary>
    public static string Version => Loaded.Version;

    /// <summary>
    /// The execution providers compiled into the loaded library, e.g. <c>CPUExecutionProvider</c>,
    /// <c>CUDAExecutionProvider</c>. Being listed does not mean a provider works: the GPU build lists CUDA and
    /// TensorRT on a machine without CUDA, so only creating a session tells.
    /// </summary>
    public static IReadOnlyList<string> AvailableProviders
    {
        get
        {
            IReadOnlyList<string>? providers = Volatile.Read(ref s_providers);
            if (providers is null)
            {
                providers = ReadProviders(Api);
                Volatile.Write(ref s_providers, providers);
            }

            return providers;
        }
    }

    /// <summary>The function table of the loaded library (loading it from the default places if needed).</summary>
    internal static OrtApiTable Api => Loaded.Api;

    /// <summary>The loaded library (loading it from the default places if needed).</summary>
    internal static LoadedLibrary Library => Loaded;

    private static LoadedLibrary Loaded => s_loaded ?? LoadFrom(null, LibraryLocator.Candidates);

    /// <summary>
    /// Loads the library now, from <paramref name="path"/> when given (a file, or a folder holding
    /// <c>libonnxruntime.so</c> or <c>libonnxruntime.so.1</c>), else from the default places. Calling it again is harmless unless it names a
    /// different library than the one already loaded.
    /// </summary>
    /// <param name="path">The library to load, or null for the default places.</param>
    /// <exception cref="DllNotFoundException">No usable library was found; the message lists every place tried.</exception>
    /// <exception cref="InvalidOperationException">A different library is already loaded in this process.</exception>
    public static void Load(string? path = null) => LoadFrom(path, LibraryLocator.Candidates);

    /// <summary>Loads from the candidates <paramref name="locate"/> gives for <paramref name="path"/>.</summary>
    internal static LoadedLibrary LoadFrom(string? path, Func<string?, IReadOnlyList<LibraryCandidate>> locate)
    {
        lock (Gate)
        {
            LoadedLibrary? current = s_loaded;
            if (current is not null)
            {
                EnsureSameLibrary(current, path, locate);
                return current;
            }

            LoadedLibrary loaded = LibraryLoader.Load(locate(path));
            s_loaded = loaded;
            return loaded;
        }
    }

    private static void EnsureSameLibrary(LoadedLibrary current, string? path, Func<string?, IReadOnlyList<LibraryCandidate>> locate)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            return;
        }

        string requested = locate(path)[0].Path;
        if (!string.Equals(requested, current.Path, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"ONNX Runtime {current.Version} is already loaded in this process from {current.Path} ({current.Origin}); " +
                $"it cannot be replaced by {requested}. Choose the library (the path given to OrtLibrary.Load, or {PathVariable}) before the first session is created.");
        }
    }

    private static unsafe string[] ReadProviders(OrtApiTable api)
    {
        byte** names;
        int count;
        api.Check(api.GetAvailableProviders(&names, &count), "listing the available execution providers");
        string[] providers;
        try
        {
            providers = new string[count];
            for (int i = 0; i < count; i++)
            {
                providers[i] = Utf8.Read(names[i]) ?? string.Empty;
            }
        }
        finally
        {
            api.Check(api.ReleaseAvailableProviders(names, count), "releasing the list of execution providers");
        }

        return providers;
    }
}
