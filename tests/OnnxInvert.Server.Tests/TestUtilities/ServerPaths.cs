namespace OnnxInvert.Server.Tests.TestUtilities;

/// <summary>Files the service tests read besides <see cref="RepoPaths"/>'.</summary>
internal static class ServerPaths
{
    /// <summary>The 16 bundled MNIST sample PNGs, sorted by name.</summary>
    public static string[] Samples => [.. Directory.GetFiles(RepoPaths.MnistSamples, "*.png").Order(StringComparer.Ordinal)];

    /// <summary>The built CLI (onnxinvert.dll beside the test assembly).</summary>
    public static string Cli => Path.Combine(AppContext.BaseDirectory, "onnxinvert.dll");
}
