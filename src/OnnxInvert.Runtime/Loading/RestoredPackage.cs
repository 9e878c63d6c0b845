using System.Reflection;

namespace OnnxInvert.Runtime.Loading;

/// <summary>
/// The ONNX Runtime NuGet package this assembly was built against (build/OnnxRuntime.props: the <c>OnnxInvertOrt</c>
/// switch), read from the assembly's metadata. Empty when the build took no package (<c>OnnxInvertOrt=none</c>).
/// </summary>
internal static class RestoredPackage
{
    /// <summary>The package id, e.g. "Microsoft.ML.OnnxRuntime" or "Microsoft.ML.OnnxRuntime.Gpu.Linux"; empty for none.</summary>
    public static string Id { get; } = Read("OnnxInvert.OnnxRuntimePackage");

    /// <summary>The package version, e.g. "1.31.1"; empty for none.</summary>
    public static string Version { get; } = Read("OnnxInvert.OnnxRuntimePackageVersion");

    /// <summary>"Microsoft.ML.OnnxRuntime 1.31.1", or "no ONNX Runtime package" when the build took none.</summary>
    public static string Description => Id.Length == 0 ? "no ONNX Runtime package" : $"{Id} {Version}";

    /// <summary>Whether the build took the CUDA package.</summary>
    public static bool IsGpu => Id.Contains(".Gpu", StringComparison.Ordinal);

    private static string Read(string key) =>
        typeof(RestoredPackage).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == key)?.Value ?? string.Empty;
}
