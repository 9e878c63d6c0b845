namespace OnnxInvert.Inversion.Tests.TestUtilities;

/// <summary>Files of the repository the tests read (found by walking up to OnnxInvert.sln).</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The bundled MNIST generator (z [batch,100] uniform, image [batch,1,28,28] in [0,1]).</summary>
    public static string MnistModel => Path.Combine(Root, "onnx-models", "mnist-table1-uniform", "generator.onnx");

    /// <summary>The bundled MNIST generator's card.</summary>
    public static string MnistCard => Path.Combine(Root, "onnx-models", "mnist-table1-uniform", "model-card.json");

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
