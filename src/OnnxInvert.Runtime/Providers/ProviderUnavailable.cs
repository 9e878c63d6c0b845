using OnnxInvert.Runtime.Loading;

namespace OnnxInvert.Runtime.Providers;

/// <summary>The messages for a provider that could not be used: what was loaded, why, and how to fix it.</summary>
internal static class ProviderUnavailable
{
    /// <summary>The error for an explicitly requested provider that the runtime refused to add.</summary>
    public static OrtException Error(ProviderSpec spec, OrtException cause)
    {
        ProviderEntry entry = ProviderCatalog.For(spec);
        LoadedLibrary library = OrtLibrary.Library;
        string origin = library.ChosenByUser ? library.Origin : $"{library.Origin}, from the {RestoredPackage.Description} package";
        string message =
            $"The {entry.ApiName} execution provider ('{spec}') is unavailable in the loaded ONNX Runtime {library.Version} at {library.Path} " +
            $"({origin}): {Sentence(cause.RuntimeMessage)} {Listed(entry)} {Hint(entry)}";
        return new OrtException(cause.ErrorCode, message, cause);
    }

    /// <summary>Why a provider of an <c>auto</c> list was not taken, on one line.</summary>
    public static string Reason(OrtException cause) => OneLine(cause.RuntimeMessage).TrimEnd('.');

    /// <summary>
    /// The text on one line (runtime messages may span several), without the source location ONNX Runtime puts in
    /// front of some ("/onnxruntime_src/...cc:2043 ... [ONNXRuntimeError] : 1 : FAIL : ").
    /// </summary>
    public static string OneLine(string text)
    {
        string line = string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return System.Text.RegularExpressions.Regex.Replace(line, @"^.*\[ONNXRuntimeError\] : \d+ : [A-Z_]+ : ", string.Empty);
    }

    private static string Listed(ProviderEntry entry)
    {
        IReadOnlyList<string> available = OrtLibrary.AvailableProviders;
        return available.Contains(entry.RegisteredName, StringComparer.Ordinal)
            ? $"This build lists {entry.RegisteredName} among its providers, but it could not be added here."
            : $"This build does not include {entry.RegisteredName} (it lists {string.Join(", ", available)}).";
    }

    private static string Hint(ProviderEntry entry)
    {
        string alternatives = $"or use SessionSettings.Provider = cpu or auto:{entry.Name},cpu.";
        if (entry.NeedsGpuPackage)
        {
            string libraries = entry.Kind == ProviderKind.TensorRtV2 ? "CUDA 13, cuDNN 9 and TensorRT 10" : "CUDA 13 and cuDNN 9";
            return $"To run on {entry.ApiName}: build with -p:OnnxInvertOrt=gpu (the Microsoft.ML.OnnxRuntime.Gpu.Linux package) on a machine " +
                $"with an NVIDIA driver and {libraries} installed, or point the path given to OrtLibrary.Load or {OrtLibrary.PathVariable} at such a build's libonnxruntime.so; {alternatives}";
        }

        return $"To use it, point the path given to OrtLibrary.Load or {OrtLibrary.PathVariable} at the libonnxruntime.so of an ONNX Runtime build that includes {entry.ApiName} " +
            $"(with its provider library beside it); {alternatives}";
    }

    private static string Sentence(string text)
    {
        string line = OneLine(text);
        return line.EndsWith('.') ? line : line + ".";
    }
}
