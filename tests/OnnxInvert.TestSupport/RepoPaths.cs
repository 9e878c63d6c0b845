namespace OnnxInvert.TestSupport;

/// <summary>Files of the repository the tests read (found by walking up to OnnxInvert.sln).</summary>
public static class RepoPaths
{
    /// <summary>The repository's root folder.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The bundled MNIST generator (z [batch,100] uniform in [-1,1], image [batch,1,28,28] in [0,1]).</summary>
    public static string MnistModel => Path.Combine(Root, "onnx-models", "mnist-table1-uniform", "generator.onnx");

    /// <summary>The model card beside <see cref="MnistModel"/>.</summary>
    public static string MnistCard => Path.Combine(Root, "onnx-models", "mnist-table1-uniform", "model-card.json");

    /// <summary>The bundled 64×64 RGB DCGAN (z [batch,100] normal, image [batch,3,64,64] in [0,1]; ConvTranspose only).</summary>
    public static string Dcgan64Model => Path.Combine(Root, "onnx-models", "dcgan64-colour-fashion", "generator.onnx");

    /// <summary>The bundled MNIST sample folder: 16 PNG digits and their targets.npy (16, 1, 28, 28) float32.</summary>
    public static string MnistSamples => Path.Combine(Root, "onnx-models", "samples", "mnist");

    /// <summary>Small PyTorch-exported models kept as test fixtures of the Autodiff tests (about 12 KB each).</summary>
    public static IReadOnlyList<string> SmallModels { get; } =
    [
        Path.Combine(Root, "tests", "OnnxInvert.Autodiff.Tests", "Fixtures", "torch", "skipnet", "model.onnx"),
        Path.Combine(Root, "tests", "OnnxInvert.Autodiff.Tests", "Fixtures", "torch", "multi_latent", "model.onnx"),
    ];

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
