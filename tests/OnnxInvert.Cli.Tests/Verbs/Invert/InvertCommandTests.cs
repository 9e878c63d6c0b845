using System.Text.Json;
using OnnxInvert.Cli.Verbs.Shared;
using OnnxInvert.Inversion.Jobs;
using OnnxInvert.Cli.Tests.TestUtilities;
using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Inversion.Priors;

namespace OnnxInvert.Cli.Tests.Verbs.Invert;

/// <summary>What <c>invert</c> reads and writes, on a tiny 2×2 generator.</summary>
public sealed class InvertCommandTests : IDisposable
{
    private readonly InvertWorkspace _work = new(images: 3);

    public void Dispose() => _work.Dispose();

    [Fact]
    public void Folder_WritesLatentsIndexMetricsSummaryReconstructionsAndPairs()
    {
        var result = _work.Invert("out", "--steps", "300", "--optimizer", "adam", "--lr", "0.05", "--loss", "mse", "--batch", "2");
        string dir = _work.File("out");

        Assert.True(result.ExitCode == 0, result.Errors);
        Assert.Contains("wrote", result.Output, StringComparison.Ordinal);
        Assert.Contains("3 images", result.Output, StringComparison.Ordinal);

        var latents = InvertWorkspace.Npy(Path.Combine(dir, "latents.npy"));
        Assert.Equal([3, 4], latents.Shape);
        var reconstructions = InvertWorkspace.Npy(Path.Combine(dir, "reconstructions.npy"));
        Assert.Equal([3, 1, 2, 2], reconstructions.Shape);

        var index = InvertWorkspace.Csv(Path.Combine(dir, "index.csv"));
        Assert.Equal(["index", "source", "done", "reconstruction", "status"], index[0]);
        Assert.Equal(4, index.Length);
        var metrics = InvertWorkspace.Csv(Path.Combine(dir, "metrics.csv"));
        Assert.Equal(ResultRow.CsvHeader.Split(','), metrics[0]);
        Assert.Equal(["index", "source", "loss", "penalty", "mse", "mae", "psnr", "steps", "converged", "restart", "reinitializations", "reached_target", "total_steps", "seconds", "cut_short"], metrics[0]);
        Assert.Equal(["0", "1", "2"], metrics.Skip(1).Select(r => r[0]));

        // Row i of every table is image i (sorted file names): its latent regenerates its reconstruction, which matches its PNG.
        using var generator = Generator.Open(_work.Model, new GeneratorOptions { Prior = new UniformPrior(-1, 1) });
        float[] z = latents.ToSingleArray();
        float[] stored = reconstructions.ToSingleArray();
        float[] regenerated = generator.Generate(z, 3).Images;
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), index[i + 1][0]);
            Assert.Equal(Path.Combine(_work.Images, $"img{i}.png"), index[i + 1][1]);
            Assert.Equal("true", index[i + 1][2]);
            Assert.Equal($"reconstructions/{i:D5}.png", index[i + 1][3]);
            Assert.True(File.Exists(Path.Combine(dir, index[i + 1][3])));

            var target = PngFile.Read(Path.Combine(_work.Images, $"img{i}.png")).Pixels.ToArray().Select(b => b / 255.0).ToArray();
            double mse = target.Select((t, p) => (t - stored[(i * 4) + p]) * (t - stored[(i * 4) + p])).Average();
            Assert.Equal(mse, double.Parse(metrics[i + 1][4], System.Globalization.CultureInfo.InvariantCulture), 6);
            Assert.True(mse < 1e-3, $"image {i}: MSE {mse}");
            for (int p = 0; p < 4; p++)
            {
                Assert.Equal(regenerated[(i * 4) + p], stored[(i * 4) + p], 5);
            }

            var png = PngFile.Read(Path.Combine(dir, "reconstructions", $"{i:D5}.png"));
            Assert.Equal((2, 2, 1), (png.Width, png.Height, png.Channels));
            Assert.Equal(stored[i * 4] * 255, png.Pixels[0], 1.0);
        }

        var summary = InvertWorkspace.Summary(dir);
        foreach (string key in new[] { "images", "mean_mse", "mean_mae", "mean_psnr", "wall_seconds", "seconds_per_step" })
        {
            Assert.True(summary.TryGetProperty(key, out _), $"summary.json lacks {key}");
        }

        Assert.Equal(3, summary.GetProperty("images").GetInt32());
        double meanMse = metrics.Skip(1).Average(r => double.Parse(r[4], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(meanMse, summary.GetProperty("mean_mse").GetDouble(), 9);
        Assert.True(summary.GetProperty("mean_psnr").GetDouble() > 30);
        Assert.True(summary.GetProperty("wall_seconds").GetDouble() > 0);
        Assert.True(summary.GetProperty("seconds_per_step").GetDouble() > 0);
        Assert.Equal(300 * 3, summary.GetProperty("sample_steps").GetInt64());

        var pairs = PngFile.Read(Path.Combine(dir, "pairs.png"));
        Assert.True(pairs.Width >= 2 * 2 * 2 && pairs.Height >= 2 * 2, $"pairs.png is {pairs.Width}x{pairs.Height}");
    }

    [Fact]
    public void SingleImageFile_IsInvertedAlone()
    {
        var result = _work.InvertFrom(Path.Combine(_work.Images, "img1.png"), "one");

        Assert.True(result.ExitCode == 0, result.Errors);
        Assert.Equal([1, 4], InvertWorkspace.Npy(_work.File("one/latents.npy")).Shape);
        var index = InvertWorkspace.Csv(_work.File("one/index.csv"));
        Assert.Equal(2, index.Length);
        Assert.EndsWith("img1.png", index[1][1], StringComparison.Ordinal);
    }

    [Fact]
    public void NpyInput_NCHW_IsInvertedRowByRow()
    {
        string npy = _work.File("targets.npy");
        using var generator = Generator.Open(_work.Model, new GeneratorOptions { Prior = new UniformPrior(-1, 1) });
        float[] values = generator.Generate(_work.Known[..8], 2).Images;
        NpyFile.Write(npy, NpyArray.Create<float>(values, [2, 1, 2, 2]));

        var result = _work.InvertFrom(npy, "npy", "--loss", "mse", "--steps", "200", "--optimizer", "adam", "--lr", "0.05");

        Assert.True(result.ExitCode == 0, result.Errors);
        Assert.Equal([2, 4], InvertWorkspace.Npy(_work.File("npy/latents.npy")).Shape);
        var index = InvertWorkspace.Csv(_work.File("npy/index.csv"));
        Assert.Equal(["targets.npy[0]", "targets.npy[1]"], index.Skip(1).Select(r => r[1]));
        float[] reconstructions = InvertWorkspace.Npy(_work.File("npy/reconstructions.npy")).ToSingleArray();
        Assert.Equal(values, reconstructions, (a, b) => Math.Abs(a - b) < 0.02f);
    }

    [Fact]
    public void NpyInputOfTheWrongShape_ExitsOneNamingTheFileAndTheShapes()
    {
        string npy = _work.File("wrong.npy");
        NpyFile.Write(npy, NpyArray.Create<float>(new float[2 * 9], [2, 1, 3, 3]));

        var result = _work.InvertFrom(npy, "wrong");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("wrong.npy", result.Errors, StringComparison.Ordinal);
        Assert.Contains("(2, 1, 3, 3)", result.Errors, StringComparison.Ordinal);
        Assert.Contains("(N, 1, 2, 2)", result.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void ImageOfAnotherSize_ExitsOneNamingTheFileAndBothSizes()
    {
        string big = _work.File("img9-big.png");
        InvertWorkspace.WritePng(big, [0.5f], width: 3, height: 3);

        var result = _work.InvertFrom(big, "big");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("img9-big.png", result.Errors, StringComparison.Ordinal);
        Assert.Contains("3x3", result.Errors, StringComparison.Ordinal);
        Assert.Contains("2x2", result.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void ImageWithOtherChannels_ExitsNonZeroNamingTheFileAndTheChannels()
    {
        string rgba = _work.File("img9-rgba.png");
        InvertWorkspace.WritePng(rgba, [0.5f, 0.2f, 0.1f, 1f], channels: 4);

        var result = _work.InvertFrom(rgba, "rgba");

        Assert.InRange(result.ExitCode, 1, 2);
        Assert.Contains("img9-rgba.png", result.Errors, StringComparison.Ordinal);
        Assert.Contains("channel", result.Errors, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void CorruptPngInAFolder_IsReportedAndSkipped_TheOthersAreInverted()
    {
        File.WriteAllBytes(Path.Combine(_work.Images, "img1b-corrupt.png"), [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4, 5]);

        var result = _work.Invert("corrupt");

        Assert.True(result.ExitCode == 0, result.Errors);
        Assert.Contains(result.ErrorLines, l => l.Contains("img1b-corrupt.png", StringComparison.Ordinal) && l.Contains("skipping", StringComparison.Ordinal));
        var index = InvertWorkspace.Csv(_work.File("corrupt/index.csv"));
        Assert.Equal(["index", "source", "done", "reconstruction", "status"], index[0]);
        Assert.Equal(["img0.png", "img1.png", "img2.png"], index.Skip(1).Where(r => r[4] == "done").Select(r => Path.GetFileName(r[1])));
        var skipped = Assert.Single(index, r => r[4] == "skipped");
        Assert.Equal(("", "img1b-corrupt.png", "false", ""), (skipped[0], Path.GetFileName(skipped[1]), skipped[2], skipped[3]));
        Assert.Equal(3, InvertWorkspace.Summary(_work.File("corrupt")).GetProperty("images").GetInt32());
    }

    [Fact]
    public void FolderOfOnlyCorruptFiles_ExitsOne()
    {
        string folder = Directory.CreateDirectory(_work.File("bad")).FullName;
        File.WriteAllText(Path.Combine(folder, "a.png"), "not a png");

        var result = _work.InvertFrom(folder, "bad-out");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("a.png", result.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingImages_ExitsOneNamingThePath()
    {
        var result = _work.InvertFrom(_work.File("nowhere"), "none");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("nowhere", result.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void ExistingOutputWithoutResume_ExitsTwoSuggestingResume()
    {
        Assert.Equal(0, _work.Invert("again", "--steps", "2").ExitCode);

        var result = _work.Invert("again", "--steps", "2");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--resume", result.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_IsValidJsonWithTheRunsSettings()
    {
        Assert.Equal(0, _work.Invert("settings", "--steps", "4", "--batch", "2", "--seed", "3").ExitCode);

        var summary = InvertWorkspace.Summary(_work.File("settings"));

        Assert.Equal(JsonValueKind.Object, summary.ValueKind);
        Assert.Equal(4, summary.GetProperty("steps").GetInt32());
        Assert.Equal(2, summary.GetProperty("batch").GetInt32());
        Assert.Equal(3, summary.GetProperty("seed").GetInt32());
        Assert.True(summary.GetProperty("samples_independent").GetBoolean());
        Assert.Equal(0, summary.GetProperty("resumed_images").GetInt32());
    }
}
