using System.Runtime.InteropServices;
using System.Text;
using OnnxInvert.Runtime.Native;

namespace OnnxInvert.Runtime.Loading;

/// <summary>Loads the first usable candidate; when none is, says what was tried, what went wrong, and how to fix it.</summary>
internal static unsafe class LibraryLoader
{
    private const string EntryPoint = "OrtGetApiBase";

    /// <summary>Loads the first candidate that is an ONNX Runtime serving <see cref="OrtLibrary.ApiVersion"/>.</summary>
    /// <exception cref="DllNotFoundException">No candidate could be used; the message lists every one and why.</exception>
    public static LoadedLibrary Load(IReadOnlyList<LibraryCandidate> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var failures = new List<(LibraryCandidate Candidate, string Reason)>(candidates.Count);
        foreach (LibraryCandidate candidate in candidates)
        {
            if (TryLoad(candidate, out LoadedLibrary? loaded, out string reason))
            {
                return loaded;
            }

            failures.Add((candidate, reason));
        }

        throw new DllNotFoundException(Describe(failures));
    }

    private static bool TryLoad(LibraryCandidate candidate, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out LoadedLibrary? loaded, out string reason)
    {
        loaded = null;
        if (!File.Exists(candidate.Path))
        {
            reason = "no such file";
            return false;
        }

        nint library;
        try
        {
            library = NativeLibrary.Load(candidate.Path);
        }
        catch (Exception ex) when (ex is DllNotFoundException or BadImageFormatException)
        {
            reason = $"the system could not load it: {ex.Message}";
            return false;
        }

        if (!NativeLibrary.TryGetExport(library, EntryPoint, out nint export))
        {
            NativeLibrary.Free(library);
            reason = $"it has no '{EntryPoint}' export, so it is not ONNX Runtime";
            return false;
        }

        OrtApiBase apiBase = OrtApiBase.FromExport(export);
        string version = apiBase.GetVersionString();
        void* table = apiBase.GetApi(OrtLibrary.ApiVersion);
        if (table is null)
        {
            NativeLibrary.Free(library);
            reason = $"it is ONNX Runtime {version}, which does not serve C API version {OrtLibrary.ApiVersion}; ONNX Runtime 1.20 or newer is needed";
            return false;
        }

        loaded = new LoadedLibrary(candidate.Path, candidate.Origin, candidate.ChosenByUser, new OrtApiTable(table), version);
        reason = string.Empty;
        return true;
    }

    private static string Describe(List<(LibraryCandidate Candidate, string Reason)> failures)
    {
        var text = new StringBuilder("The ONNX Runtime native library could not be loaded. Tried:");
        foreach (var (candidate, reason) in failures)
        {
            text.Append($"{Environment.NewLine}  - {candidate.Path} ({candidate.Origin}): {reason}");
        }

        text.Append(Environment.NewLine).Append("To fix: ");
        if (failures.Exists(f => f.Candidate.ChosenByUser))
        {
            text.Append($"point the path given to OrtLibrary.Load or {OrtLibrary.PathVariable} at the {LibraryLocator.FileName} of an ONNX Runtime 1.20 or newer ")
                .Append("(a file, or the folder holding it), or unset it to use the one the build restored from NuGet.");
        }
        else
        {
            text.Append("build the application with the Microsoft.ML.OnnxRuntime NuGet package (OnnxInvert.Runtime depends on it; ")
                .Append("dotnet build restores it and copies its native library into the output), or point ")
                .Append($"{OrtLibrary.PathVariable} or the path given to OrtLibrary.Load at the {LibraryLocator.FileName} of an ONNX Runtime 1.20 or newer.");
        }

        return text.ToString();
    }
}
