using System.Text.Json;
using OnnxInvert.Cli.Tests.TestUtilities;

namespace OnnxInvert.Cli.Tests.Verbs.Invert;

/// <summary><c>invert --feature-model</c> with the bundled MNIST generator's discriminator, and the feature/noise flags' validation.</summary>
public sealed class InvertFeatureTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Discriminator => Path.Combine(RepoPaths.Root, "onnx-models", "mnist-table1-uniform", "discriminator.onnx");

    private static string Digits => Path.Combine(RepoPaths.Root, "onnx-models", "samples", "mnist", "targets.npy");

    [Fact]
    public void FeatureModel_Discriminator_RunsAndAddsTheFeatureTermToTheLoss()
    {
        var plain = Invert("plain", "--steps", "3", "--loss", "mse");
        var feature = Invert("feature", "--steps", "3", "--loss", "mse", "--feature-model", Discriminator, "--feature-output", "feat1,feat2", "--feature-weight", "2");

        Assert.Equal(0, plain.ExitCode);
        Assert.Equal(0, feature.ExitCode);
        var summary = Summary("feature");
        Assert.Equal(Discriminator, summary.GetProperty("feature_model").GetString());
        Assert.Equal("feat1,feat2", summary.GetProperty("feature_output").GetString());
        Assert.Equal(2.0, summary.GetProperty("feature_weight").GetDouble());
        // The same starts and steps: the loss now carries 2 · feature distance on top of the pixel MSE.
        Assert.True(summary.GetProperty("mean_loss").GetDouble() > summary.GetProperty("mean_mse").GetDouble() + 1e-6, "the feature term is in the loss");
        Assert.True(Math.Abs(Summary("plain").GetProperty("mean_loss").GetDouble() - Summary("plain").GetProperty("mean_mse").GetDouble()) < 1e-6);
    }

    [Theory]
    [InlineData("--feature-distance", "cosh", "--feature-distance")]
    [InlineData("--feature-resize", "7", "--feature-resize")]
    [InlineData("--feature-channels", "cmyk", "--feature-channels")]
    [InlineData("--feature-range", "1,-1", "--feature-range")]
    [InlineData("--feature-output", "feat9", "'feat9'")]
    public void FeatureFlags_BadValues_NameTheFlag(string flag, string value, string expected)
    {
        var result = Invert("bad", "--steps", "1", "--feature-model", Discriminator, flag, value);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(expected, result.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void FeatureModel_MissingFile_And_NoiseWithoutLatents_AreUsageErrors()
    {
        var missing = Invert("missing", "--steps", "1", "--feature-model", _temp.File("none.onnx"));
        var noise = Invert("noise", "--steps", "1", "--noise-regularize", "10");
        var unknown = Invert("unknown", "--steps", "1", "--noise-latents", "noise0");

        Assert.Contains("--feature-model: no such file", missing.Errors, StringComparison.Ordinal);
        Assert.Contains("--noise-regularize needs --noise-latents", noise.Errors, StringComparison.Ordinal);
        Assert.Contains("'noise0'", unknown.Errors, StringComparison.Ordinal);
        Assert.All(new[] { missing, noise, unknown }, r => Assert.NotEqual(0, r.ExitCode));
    }

    private CliResult Invert(string output, params string[] extra) =>
        CliRunner.Run(["invert", "-m", RepoPaths.MnistModel, "-i", Digits, "-o", _temp.File(output), "--threads", "1", "--batch", "16", .. extra]);

    private JsonElement Summary(string output) => JsonDocument.Parse(File.ReadAllText(Path.Combine(_temp.Path, output, "summary.json"))).RootElement;
}
