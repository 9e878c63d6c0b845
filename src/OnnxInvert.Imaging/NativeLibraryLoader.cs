using System.Reflection;
using System.Runtime.InteropServices;

namespace OnnxInvert.Imaging;

/// <summary>
/// The one seam through which this assembly reaches system libraries: load by a list of candidate names, resolve
/// exports, and fail with a message that says which package to install.
/// </summary>
internal static class NativeLibraryLoader
{
    public static nint Load(string displayName, IReadOnlyList<string> candidates, string installHint)
    {
        Assembly assembly = typeof(NativeLibraryLoader).Assembly;
        foreach (string candidate in candidates)
        {
            if (NativeLibrary.TryLoad(candidate, assembly, searchPath: null, out nint handle))
            {
                return handle;
            }
        }

        throw new DllNotFoundException(
            $"The system library {displayName} could not be loaded (tried: {string.Join(", ", candidates)}). {installHint}");
    }

    public static unsafe void* GetExport(nint library, string displayName, string symbol)
    {
        if (!NativeLibrary.TryGetExport(library, symbol, out nint address))
        {
            throw new EntryPointNotFoundException(
                $"The system library {displayName} was loaded but has no export '{symbol}'; it is too old or not the expected library.");
        }

        return (void*)address;
    }
}
