namespace OnnxInvert.Onnx.Tests.TestUtilities;

/// <summary>Files of the repository the tests read (found by walking up to OnnxInvert.sln).</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>Small PyTorch-exported models kept as test fixtures of the Autodiff tests (about 12 KB each).</summary>
    public static IReadOnlyList<string> SmallModels { get; } =
    [
        Path.Combine(Root, "tests", "OnnxInvert.Autodiff.Tests", "Fixtures", "torch", "skipnet", "model.onnx"),
        Path.Combine(Root, "tests", "OnnxInvert.Autodiff.Tests", "Fixtures", "torch", "multi_latent", "model.onnx"),
    ];

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
