namespace OnnxInvert.Server.Tests.TestUtilities;

/// <summary>Files of the repository the tests read (found by walking up to OnnxInvert.sln).</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The bundled MNIST generator (z [batch,100] uniform in [-1,1], image [batch,1,28,28] in [0,1]).</summary>
    public static string MnistModel => Path.Combine(Root, "onnx-models", "mnist-table1-uniform", "generator.onnx");

    /// <summary>The 16 bundled MNIST sample PNGs, sorted by name.</summary>
    public static string[] MnistSamples => [.. Directory.GetFiles(Path.Combine(Root, "onnx-models", "samples", "mnist"), "*.png").Order(StringComparer.Ordinal)];

    /// <summary>The built CLI (onnxinvert.dll beside the test assembly).</summary>
    public static string Cli => Path.Combine(AppContext.BaseDirectory, "onnxinvert.dll");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OnnxInvert.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"OnnxInvert.sln not found above {AppContext.BaseDirectory}");
    }
}
