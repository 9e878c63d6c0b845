using System.Globalization;
using System.Text.Json;
using OnnxInvert.Cli.Tests.TestUtilities;
using OnnxInvert.Imaging;

namespace OnnxInvert.Cli.Tests.Verbs.Invert;

/// <summary>Every <c>invert</c> option takes effect: it shows in summary.json or in what the run wrote.</summary>
public sealed class InvertOptionTests : IDisposable
{
    private readonly InvertWorkspace _work = new(images: 2);

    public void Dispose() => _work.Dispose();

    [Theory]
    [InlineData("--optimizer adam --lr 0.05", "optimizer", "adam(lr=0.05, betas=(0.9, 0.999)")]
    [InlineData("--optimizer sgd --momentum 0.9", "optimizer", "sgd(lr=0.01, momentum=0.9)")]
    [InlineData("--optimizer rmsprop --momentum 0.5 --lr 0.002", "optimizer", "rmsprop(lr=0.002, alpha=0.99, eps=1E-08, momentum=0.5)")]
    [InlineData("--schedule ramp", "schedule", "ramp:0.05,0.25")]
    [InlineData("--schedule ramp:0.1,0.5", "schedule", "ramp:0.1,0.5")]
    [InlineData("--schedule constant", "schedule", "constant")]
    [InlineData("--loss l1", "loss", "l1")]
    [InlineData("--loss mse", "loss", "mse")]
    [InlineData("--loss bce", "loss", "bce")]
    [InlineData("--prior uniform:-2,2", "constraint", "clip to uniform:-2,2")]
    [InlineData("--prior uniform --prior-mode stochastic-clip", "constraint", "stochastic clip to uniform:-1,1")]
    [InlineData("--prior uniform --prior-mode clip", "constraint", "clip to uniform:-1,1")]
    [InlineData("--prior normal:0.5,2 --prior-mode log-likelihood --beta 0.25", "constraint", "-0.25·log P(z)")]
    [InlineData("--prior normal --prior-mode moments --gamma1 2 --gamma2 3", "constraint", "2·(µ-µ̂)² + 3·(σ-σ̂)² per sample")]
    [InlineData("--prior normal --prior-mode moments --moment-scope batch", "constraint", "1·(µ-µ̂)² + 1·(σ-σ̂)² per batch")]
    [InlineData("--prior normal --prior-mode none", "constraint", "none")]
    [InlineData("--prior none", "constraint", "none")]
    [InlineData("--prior normal:0.5,2", "prior", "normal:0.5,2")]
    [InlineData("--latent z --output image", "latent", "z")]
    [InlineData("--latent z --output image", "output", "image")]
    [InlineData("--init mean", "init", "mean")]
    [InlineData("--threads 1 --provider cpu", "constraint", "clip to uniform:-1,1")]
    public void Option_IsRecordedInTheSummary(string line, string key, string expected)
    {
        var result = _work.Invert("out", ["--steps", "3", .. CliRunner.Split(line)]);

        Assert.True(result.ExitCode == 0, result.Errors);
        var value = InvertWorkspace.Summary(_work.File("out")).GetProperty(key);
        Assert.StartsWith(expected, value.ValueKind == JsonValueKind.String ? value.GetString() : value.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void StepsBatchRestartsAndSeed_AreRecordedAndUsed()
    {
        var result = _work.Invert("out", "--steps", "7", "--batch", "1", "--restarts", "3", "--seed", "9");

        Assert.True(result.ExitCode == 0, result.Errors);
        var summary = InvertWorkspace.Summary(_work.File("out"));
        Assert.Equal((7, 1, 3, 9), (summary.GetProperty("steps").GetInt32(), summary.GetProperty("batch").GetInt32(), summary.GetProperty("restarts").GetInt32(), summary.GetProperty("seed").GetInt32()));
        Assert.Equal(2 * 3 * 7, summary.GetProperty("sample_steps").GetInt64());
        // One slot: each of the 6 jobs takes 7 updates plus the evaluation of its final latent.
        Assert.Equal(2 * 3 * (7 + 1), summary.GetProperty("iterations").GetInt64());
        var metrics = InvertWorkspace.Csv(_work.File("out/metrics.csv"));
        Assert.All(metrics.Skip(1), r => Assert.Equal("7", r[7]));
        Assert.All(metrics.Skip(1), r => Assert.InRange(int.Parse(r[9], CultureInfo.InvariantCulture), 0, 2));
    }

    [Fact]
    public void Seed_ChangesTheLatents_SameSeedRepeatsThem()
    {
        _work.Invert("a", "--steps", "3", "--seed", "1");
        _work.Invert("b", "--steps", "3", "--seed", "1");
        _work.Invert("c", "--steps", "3", "--seed", "2");

        float[] Latents(string name) => InvertWorkspace.Npy(_work.File($"{name}/latents.npy")).ToSingleArray();
        Assert.Equal(Latents("a"), Latents("b"));
        Assert.NotEqual(Latents("a"), Latents("c"));
    }

    [Fact]
    public void TolAndPatience_StopImagesEarly()
    {
        var result = _work.Invert("out", "--steps", "3000", "--optimizer", "adam", "--lr", "0.05", "--loss", "mse", "--tol", "0.001", "--patience", "3");

        Assert.True(result.ExitCode == 0, result.Errors);
        var metrics = InvertWorkspace.Csv(_work.File("out/metrics.csv"));
        Assert.All(metrics.Skip(1), r =>
        {
            Assert.Equal("true", r[8]);
            Assert.True(int.Parse(r[7], CultureInfo.InvariantCulture) < 3000);
        });
        Assert.Equal(2, InvertWorkspace.Summary(_work.File("out")).GetProperty("converged").GetInt32());
    }

    [Fact]
    public void InitMean_StartsAtThePriorsMean()
    {
        var result = _work.Invert("out", "--steps", "1", "--optimizer", "sgd", "--lr", "1e-12", "--init", "mean", "--prior", "uniform:0,1");

        Assert.True(result.ExitCode == 0, result.Errors);
        Assert.All(InvertWorkspace.Npy(_work.File("out/latents.npy")).ToSingleArray(), v => Assert.Equal(0.5f, v, 5));
    }

    [Fact]
    public void InitFromNpy_StartsEachImageAtItsRow()
    {
        float[] initial = [0.1f, -0.2f, 0.3f, -0.4f, 0.5f, 0.6f, -0.7f, 0.8f];
        string init = _work.File("init.npy");
        NpyFile.Write(init, NpyArray.Create<float>(initial, [2, 4]));

        var result = _work.Invert("out", "--steps", "1", "--optimizer", "sgd", "--lr", "1e-12", "--init", init);

        Assert.True(result.ExitCode == 0, result.Errors);
        Assert.Equal(initial, InvertWorkspace.Npy(_work.File("out/latents.npy")).ToSingleArray(), (a, b) => Math.Abs(a - b) < 1e-5f);
        Assert.Equal(init, InvertWorkspace.Summary(_work.File("out")).GetProperty("init").GetString());
    }

    [Fact]
    public void Range_MapsThePngPixelsOntoTheGivenOutputRange()
    {
        // With --range -1,1 a pixel p in [0,1] is the target 2p-1, and the metrics and PNGs map back the same way.
        var result = _work.Invert("out", "--steps", "3", "--range", "-1,1");

        Assert.True(result.ExitCode == 0, result.Errors);
        var summary = InvertWorkspace.Summary(_work.File("out"));
        Assert.Equal([-1.0, 1.0], summary.GetProperty("output_range").EnumerateArray().Select(v => v.GetDouble()));
        float[] reconstruction = InvertWorkspace.Npy(_work.File("out/reconstructions.npy")).ToSingleArray();
        var png = PngFile.Read(_work.File("out/reconstructions/00000.png"));
        Assert.Equal((reconstruction[0] + 1) / 2 * 255, png.Pixels[0], 1.0);
    }

    [Fact]
    public void MaxReinit_BoundsTheReinitialisationsOfANaNLoss()
    {
        // Sqrt(z) is NaN for a negative start; the prior U[0.2,1] redraws it positive.
        using var work = new InvertWorkspace(images: 1, sqrt: true);
        string init = work.File("init.npy");
        NpyFile.Write(init, NpyArray.Create<float>([-0.5f, 0.5f, 0.5f, 0.5f], [1, 4]));
        string[] common = ["--steps", "5", "--optimizer", "sgd", "--prior", "uniform:0.2,1", "--prior-mode", "none", "--init", init];

        var retried = work.Invert("retried", [.. common, "--max-reinit", "2"]);
        var failed = work.Invert("failed", [.. common, "--max-reinit", "0"]);

        Assert.True(retried.ExitCode == 0, retried.Errors);
        Assert.True(failed.ExitCode == 0, failed.Errors);
        var a = InvertWorkspace.Summary(work.File("retried"));
        var b = InvertWorkspace.Summary(work.File("failed"));
        Assert.Equal((1, 0), (a.GetProperty("reinitializations").GetInt32(), a.GetProperty("failed").GetInt32()));
        Assert.Equal((0, 1), (b.GetProperty("reinitializations").GetInt32(), b.GetProperty("failed").GetInt32()));
        Assert.Equal("1", InvertWorkspace.Csv(work.File("retried/metrics.csv"))[1][10]);
    }

    [Fact]
    public void MomentScopeBatch_RunsBatchesAsUnits_AndSaysWhy()
    {
        var result = _work.Invert("out", "--steps", "3", "--prior", "normal", "--prior-mode", "moments", "--moment-scope", "batch");

        Assert.True(result.ExitCode == 0, result.Errors);
        Assert.Contains("moment matching over the batch mixes samples", result.Errors, StringComparison.Ordinal);
        Assert.False(InvertWorkspace.Summary(_work.File("out")).GetProperty("samples_independent").GetBoolean());
    }

    [Fact]
    public void OrtLib_TheLoadedLibrary_IsAccepted_AnotherIsRefusedNamingIt()
    {
        Runtime.OrtLibrary.Load();
        string loaded = Runtime.OrtLibrary.LoadedPath;
        string other = _work.File("libonnxruntime-other.so");

        var same = _work.Invert("same", "--steps", "2", "--ort-lib", loaded);
        var different = _work.Invert("different", "--steps", "2", "--ort-lib", other);

        Assert.True(same.ExitCode == 0, same.Errors);
        Assert.Equal(1, different.ExitCode);
        Assert.Contains("libonnxruntime-other.so", different.Errors, StringComparison.Ordinal);
        Assert.Contains("(--ort-lib, or ", different.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("OrtLibrary.Load", different.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void InvertHelp_ListsEveryOption_AndExitsZero()
    {
        var result = CliRunner.Run("invert", "--help");

        Assert.Equal(0, result.ExitCode);
        string[] options =
        [
            "--model", "--images", "--out", "--steps", "--batch", "--optimizer", "--lr", "--momentum", "--schedule", "--loss", "--prior",
            "--prior-mode", "--beta", "--gamma1", "--gamma2", "--moment-scope", "--init", "--seed", "--restarts", "--tol", "--patience",
            "--max-reinit", "--resume", "--latent", "--output", "--range", "--ort-lib", "--provider", "--threads",
        ];
        Assert.All(options, o => Assert.Contains(o, result.Output, StringComparison.Ordinal));
    }

    [Fact]
    public void OrtProfile_WritesAPerNodeTraceOfTheInversion()
    {
        string prefix = _work.File("trace");

        var result = _work.Invert("out", "--steps", "3", "--ort-profile", prefix, "--ort-config", "session.intra_op.allow_spinning=0");

        Assert.True(result.ExitCode == 0, result.Errors);
        string[] traces = Directory.GetFiles(Path.GetDirectoryName(prefix)!, "trace_*.json");
        Assert.Contains(traces, t => File.ReadAllText(t).Contains("\"op_name\"", StringComparison.Ordinal));
    }

    [Fact]
    public void OrtConfig_ValueTheRuntimeRejects_FailsNamingTheEntry()
    {
        var result = _work.Invert("out", "--steps", "3", "--threads", "2", "--ort-config", "session.intra_op_thread_affinities=zz");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("session.intra_op_thread_affinities=zz", result.Errors, StringComparison.Ordinal);
    }
}
