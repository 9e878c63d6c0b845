using OnnxInvert.Cli.Tests.TestUtilities;

namespace OnnxInvert.Cli.Tests.Verbs.Invert;

/// <summary>End to end on the bundled 64×64 RGB DCGAN and its held-out colour images, with few steps.</summary>
public sealed class InvertDcganTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void ColourImages_AreInvertedWithTheCardsNormalPrior_AndTheLossFallsWithSteps()
    {
        string images = Directory.CreateDirectory(_temp.File("held-out")).FullName;
        foreach (string name in new[] { "test-000.png", "test-001.png", "test-002.png" })
        {
            File.Copy(Path.Combine(Path.GetDirectoryName(RepoPaths.Dcgan64Model)!, "held-out", name), Path.Combine(images, name));
        }

        var few = CliRunner.Run("invert", "-m", RepoPaths.Dcgan64Model, "-i", images, "-o", _temp.File("few"), "--steps", "1", "--batch", "3", "--seed", "1");
        var more = CliRunner.Run("invert", "-m", RepoPaths.Dcgan64Model, "-i", images, "-o", _temp.File("more"), "--steps", "30", "--batch", "3", "--seed", "1", "--optimizer", "adam", "--lr", "0.05");

        Assert.True(few.ExitCode == 0, few.Errors);
        Assert.True(more.ExitCode == 0, more.Errors);
        var after = InvertWorkspace.Summary(_temp.File("more"));
        Assert.Equal("normal:0,1", after.GetProperty("prior").GetString());
        Assert.Equal([3, 100], InvertWorkspace.Npy(_temp.File("more/latents.npy")).Shape);
        Assert.Equal([3, 3, 64, 64], InvertWorkspace.Npy(_temp.File("more/reconstructions.npy")).Shape);
        Assert.True(after.GetProperty("mean_mse").GetDouble() < InvertWorkspace.Summary(_temp.File("few")).GetProperty("mean_mse").GetDouble());
    }
}
