using System.Globalization;
using System.Text.Json;
using OnnxInvert.Cli.Tests.TestUtilities;
using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Jobs;
using OnnxInvert.TestSupport;

namespace OnnxInvert.Cli.Tests.Verbs.Shared;

/// <summary>
/// The front door on the export corpus (onnx-models/corpus/&lt;case&gt;/): <c>invert</c> with only the model flags of
/// the case's <c>cli_flags</c> (and of each cut point's) plus short run settings reaches a mean MSE below 5% of the
/// variance of the 8 images the model generated itself, read from targets.npy in the model's own layout.
/// </summary>
public sealed class CorpusFrontDoorTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<string> Cases() => new(CorpusCases.Ids());

    [Theory]
    [MemberData(nameof(Cases))]
    public void Invert_WithOnlyTheCaseFlags_ReconstructsTheModelsOwnImages(string id)
    {
        string folder = CorpusCases.Folder(id);
        string[] flags = CorpusCases.Flags(id);
        string targets = Path.Combine(folder, "targets.npy");
        string output = _temp.File("out");

        var result = CliRunner.Run([
            "invert", "-m", Path.Combine(folder, "model.onnx"), "-i", targets, "-o", output,
            "--steps", "300", "--batch", "8", "--optimizer", "adam", "--lr", "0.05", "--loss", "mse", "--prior-mode", "none", .. flags]);

        Assert.True(result.ExitCode == 0, $"{id}: exit {result.ExitCode}\n{result.Errors}");
        Assert.DoesNotContain("unexpected error", result.Errors, StringComparison.Ordinal);
        float[] images = NpyFile.Read(targets).ToSingleArray();
        double mean = images.Average(v => (double)v);
        double variance = images.Average(v => (v - mean) * (v - mean));
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "summary.json")));
        double mse = summary.RootElement.GetProperty("mean_mse").GetDouble();
        Assert.True(mse < 0.05 * variance, $"{id}: mean MSE {mse.ToString("E3", CultureInfo.InvariantCulture)}, 5% of the targets' variance is {(0.05 * variance).ToString("E3", CultureInfo.InvariantCulture)}\n{result.Errors}");
        string[] latents = CorpusCases.NamedLatents(id);
        if (latents.Length > 1)
        {
            Assert.All(latents, l => Assert.True(File.Exists(Path.Combine(output, RunFolder.LatentsFolder, RunFolder.LatentFileName(l))), $"{id}: no latents/{l}.npy"));
        }
    }
}
