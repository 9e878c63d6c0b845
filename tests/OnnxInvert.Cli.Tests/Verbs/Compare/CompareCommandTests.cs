using System.Globalization;
using System.Text.Json;
using OnnxInvert.Cli.Verbs.Compare;
using OnnxInvert.Cli.Tests.TestUtilities;

namespace OnnxInvert.Cli.Tests.Verbs.Compare;

/// <summary>What <c>compare</c> prints, writes and exits with, on copies of a tiny 2×2 generator.</summary>
public sealed class CompareCommandTests : IDisposable
{
    private readonly CompareWorkspace _work = new();

    public void Dispose() => _work.Dispose();

    [Fact]
    public void TwoModels_GiveTwoRowsWithFiniteFigures_AndWriteCsvJsonAndEachModelsInversion()
    {
        string[] models = [_work.Model("uniform", CompareWorkspace.Uniform), _work.Model("normal", CompareWorkspace.Normal)];
        string dir = _work.File("out");

        var result = _work.Compare(models, "--out", dir);

        Assert.True(result.ExitCode == 0, result.Errors);
        Assert.Contains("MSE (± 95% CI)", result.Output, StringComparison.Ordinal);
        Assert.All(models, m => Assert.Contains(m, result.Output, StringComparison.Ordinal));
        Assert.Contains(result.ErrorLines, l => l.StartsWith("compare [1/2] ", StringComparison.Ordinal));
        Assert.Contains(result.ErrorLines, l => l.StartsWith("compare [2/2] ", StringComparison.Ordinal));

        var csv = InvertWorkspace.Csv(Path.Combine(dir, "compare.csv"));
        Assert.Equal(ComparisonTable.CsvHeader.Split(','), csv[0]);
        Assert.Equal(3, csv.Length);
        foreach (var (row, model) in csv.Skip(1).Zip(models))
        {
            Assert.Equal(model, row[0]);
            Assert.Equal("3", row[1]);
            foreach (int column in new[] { 3, 4, 5, 7, 11 })
            {
                Assert.True(double.IsFinite(double.Parse(row[column], CultureInfo.InvariantCulture)), $"{csv[0][column]} of {model}: '{row[column]}'");
            }
        }

        var json = CompareWorkspace.Json(dir);
        Assert.Equal(20, json.GetProperty("settings").GetProperty("steps").GetInt32());
        var rows = json.GetProperty("models").EnumerateArray().ToArray();
        Assert.Equal(2, rows.Length);
        Assert.All(rows, r => Assert.True(double.IsFinite(r.GetProperty("mse").GetProperty("mean").GetDouble())));
        Assert.All(rows, r => Assert.True(r.GetProperty("mse").GetProperty("ci_low").GetDouble() <= r.GetProperty("mse").GetProperty("ci_high").GetDouble()));
        Assert.All(rows, r => Assert.False(r.TryGetProperty("error", out _)));

        // Each model's own card gave its prior.
        Assert.StartsWith("uniform", rows[0].GetProperty("prior").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("normal", rows[1].GetProperty("prior").GetString(), StringComparison.Ordinal);

        // Each model has an inversion folder with its per-image metrics.
        Assert.Equal(Path.Combine("models", "1-uniform"), rows[0].GetProperty("folder").GetString());
        var metrics = InvertWorkspace.Csv(Path.Combine(dir, "models", "2-normal", "metrics.csv"));
        Assert.Equal(4, metrics.Length);
        Assert.True(File.Exists(Path.Combine(dir, "models", "1-uniform", "pairs.png")));
        Assert.True(File.Exists(Path.Combine(dir, "models", "1-uniform", "curve.csv")));
        Assert.Equal(3, InvertWorkspace.Summary(Path.Combine(dir, "models", "1-uniform")).GetProperty("images").GetInt32());
    }

    [Fact]
    public void BrokenModels_AreFailedRowsWithTheirErrors_ExitOne_AndTheOthersAreStillScored()
    {
        string good = _work.Model("uniform", CompareWorkspace.Uniform);
        string dir = _work.File("out");

        var result = _work.Compare([_work.BrokenModel(), good, RepoPaths.MnistModel], "--out", dir);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("FAILED", result.Output, StringComparison.Ordinal);
        Assert.Contains("2 of 3 models failed", result.Errors, StringComparison.Ordinal);
        var csv = InvertWorkspace.Csv(Path.Combine(dir, "compare.csv"));
        Assert.Equal(4, csv.Length);
        var rows = CompareWorkspace.Json(dir).GetProperty("models").EnumerateArray().ToArray();
        Assert.Equal(3, rows.Length);
        Assert.Contains("broken.onnx", rows[0].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.True(double.IsFinite(rows[1].GetProperty("mse").GetProperty("mean").GetDouble()));
        Assert.Equal(JsonValueKind.Undefined, rows[1].TryGetProperty("error", out var none) ? none.ValueKind : JsonValueKind.Undefined);

        // The MNIST generator makes 28x28 images; the targets are 2x2.
        string error = rows[2].GetProperty("error").GetString() ?? string.Empty;
        Assert.Contains("2x2", error, StringComparison.Ordinal);
        Assert.Contains("28x28", error, StringComparison.Ordinal);
    }

    [Fact]
    public void UnreadableImage_IsSkippedWithANoticeNamingTheVerbAndTheFile()
    {
        string bad = Path.Combine(_work.Images, "zz-broken.png");
        File.WriteAllText(bad, "not a png");

        var result = _work.Compare([_work.Model("uniform", CompareWorkspace.Uniform)]);

        Assert.True(result.ExitCode == 0, result.Errors);
        Assert.Contains($"compare: skipping {bad}", result.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutOut_PrintsTheTableAndWritesNothing()
    {
        var result = _work.Compare([_work.Model("uniform", CompareWorkspace.Uniform)]);

        Assert.True(result.ExitCode == 0, result.Errors);
        Assert.Contains("PSNR dB", result.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(_work.File("compare.csv")));
    }

    [Fact]
    public void Preset_FillsInTheSharedFlags_ExplicitFlagsWin()
    {
        string dir = _work.File("out");

        var result = _work.Compare([_work.Model("uniform", CompareWorkspace.Uniform)], "--preset", "exact", "--restarts", "2", "--out", dir);

        Assert.True(result.ExitCode == 0, result.Errors);
        var settings = CompareWorkspace.Json(dir).GetProperty("settings");
        Assert.Equal("adam", settings.GetProperty("optimizer").GetString());
        Assert.Equal(2, settings.GetProperty("restarts").GetInt32());
        Assert.Equal(20, settings.GetProperty("steps").GetInt32());
    }

    [Theory]
    [InlineData("--steps", "0")]
    [InlineData("--optimizer", "foo")]
    [InlineData("--prior", "foo")]
    [InlineData("--preset", "foo")]
    [InlineData("--confidence", "1.5")]
    [InlineData("--threads", "-1")]
    [InlineData("--frobnicate", "1")]
    public void BadValue_ExitsTwoBeforeAnyWork(string option, string value)
    {
        string dir = _work.File("out");

        var result = _work.Compare([_work.Model("uniform", CompareWorkspace.Uniform)], option, value, "--out", dir);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(option.TrimStart('-'), result.Errors, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void NoModels_ExitsTwo()
    {
        var result = CliRunner.Run("compare", "--images", _work.Images);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("models", result.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void OutHoldingAComparison_ExitsTwo()
    {
        string model = _work.Model("uniform", CompareWorkspace.Uniform);
        Assert.Equal(0, _work.Compare([model], "--steps", "2", "--out", _work.File("again")).ExitCode);

        var result = _work.Compare([model], "--steps", "2", "--out", _work.File("again"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("already holds a comparison", result.Errors, StringComparison.Ordinal);
    }
}
