namespace OnnxInvert.Imaging.Tests.TestUtilities;

/// <summary>Files of the repository the tests read (found by walking up to OnnxInvert.sln).</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>The bundled MNIST sample folder: 16 PNG digits and their targets.npy (16, 1, 28, 28) float32.</summary>
    public static string MnistSamples => Path.Combine(Root, "onnx-models", "samples", "mnist");

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
