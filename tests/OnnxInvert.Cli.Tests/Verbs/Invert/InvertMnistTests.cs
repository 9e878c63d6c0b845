using OnnxInvert.Cli.Tests.TestUtilities;

namespace OnnxInvert.Cli.Tests.Verbs.Invert;

/// <summary>End to end on the bundled MNIST generator, with few steps.</summary>
public sealed class InvertMnistTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void MnistDigits_AreInverted_AndTheLossFallsWithSteps()
    {
        string images = Directory.CreateDirectory(_temp.File("digits")).FullName;
        foreach (string name in new[] { "digit-0-000.png", "digit-1-000.png", "digit-7-000.png" })
        {
            File.Copy(Path.Combine(RepoPaths.Root, "onnx-models", "samples", "mnist", name), Path.Combine(images, name));
        }

        var few = CliRunner.Run("invert", "-m", RepoPaths.MnistModel, "-i", images, "-o", _temp.File("few"), "--steps", "1", "--batch", "2", "--seed", "1");
        var more = CliRunner.Run("invert", "-m", RepoPaths.MnistModel, "-i", images, "-o", _temp.File("more"), "--steps", "25", "--batch", "2", "--seed", "1");

        Assert.True(few.ExitCode == 0, few.Errors);
        Assert.True(more.ExitCode == 0, more.Errors);
        Assert.Equal([3, 100], InvertWorkspace.Npy(_temp.File("more/latents.npy")).Shape);
        Assert.All(InvertWorkspace.Npy(_temp.File("more/latents.npy")).ToSingleArray(), v => Assert.InRange(v, -1f, 1f));
        var before = InvertWorkspace.Summary(_temp.File("few"));
        var after = InvertWorkspace.Summary(_temp.File("more"));
        Assert.Equal(3, after.GetProperty("images").GetInt32());
        Assert.True(after.GetProperty("mean_loss").GetDouble() < before.GetProperty("mean_loss").GetDouble());
        Assert.True(File.Exists(_temp.File("more/pairs.png")));
        Assert.Equal(3, Directory.GetFiles(_temp.File("more/reconstructions"), "*.png").Length);
    }

    [Fact]
    public void MnistGenerator_WithAnNpyTargetOfTheWrongSize_ExitsOne()
    {
        string npy = _temp.File("small.npy");
        OnnxInvert.Imaging.NpyFile.Write(npy, OnnxInvert.Imaging.NpyArray.Create<float>(new float[4], [1, 1, 2, 2]));

        var result = CliRunner.Run("invert", "-m", RepoPaths.MnistModel, "-i", npy, "-o", _temp.File("out"), "--steps", "1");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("(N, 1, 28, 28)", result.Errors, StringComparison.Ordinal);
    }
}
