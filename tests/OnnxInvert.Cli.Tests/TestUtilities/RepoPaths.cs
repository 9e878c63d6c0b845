namespace OnnxInvert.Cli.Tests.TestUtilities;

/// <summary>Files of the repository the tests read (found by walking up to OnnxInvert.sln).</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The bundled MNIST generator (z [batch,100] uniform in [-1,1], image [batch,1,28,28] in [0,1]).</summary>
    public static string MnistModel => Path.Combine(Root, "onnx-models", "mnist-table1-uniform", "generator.onnx");

    /// <summary>A tiny gradient fixture model (z [batch,8] → nearest Resize → Tanh image).</summary>
    public static string SmallFixture => Path.Combine(Root, "tests", "OnnxInvert.Autodiff.Tests", "Fixtures", "torch", "nearest_sizes", "model.onnx");

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
