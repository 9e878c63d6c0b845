using System.Globalization;
using OnnxInvert.Cli.Tests.TestUtilities;
using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Inversion.Priors;

namespace OnnxInvert.Cli.Tests.Verbs.Invert;

/// <summary><c>invert --preset exact</c> on models with either prior, end to end on the tiny 2×2 generator.</summary>
public sealed class InvertExactPresetTests : IDisposable
{
    private readonly InvertWorkspace _work = new(images: 3);

    public void Dispose() => _work.Dispose();

    [Theory]
    [InlineData("uniform", "clip")]
    [InlineData("normal", "none")]
    public void Exact_FitsThePrior_AndReportsWhenImagesReachedTheTarget(string prior, string constraint)
    {
        var result = _work.Invert("out", "--preset", "exact", "--prior", prior, "--steps", "1500", "--batch", "2");

        Assert.True(result.ExitCode == 0, result.Errors);
        string dir = _work.File("out");
        var summary = InvertWorkspace.Summary(dir);
        Assert.StartsWith(constraint, summary.GetProperty("constraint").GetString(), StringComparison.Ordinal);
        Assert.Equal("bce", summary.GetProperty("loss").GetString()); // the tiny model ends in a Sigmoid
        Assert.Equal(1e-4, summary.GetProperty("target_mse").GetDouble());
        Assert.Equal(2, summary.GetProperty("stall_restarts").GetInt32());

        var metrics = InvertWorkspace.Csv(Path.Combine(dir, "metrics.csv"));
        int mse = Array.IndexOf(metrics[0], "mse");
        int reached = Array.IndexOf(metrics[0], "reached_target");
        int steps = Array.IndexOf(metrics[0], "total_steps");
        var rows = metrics.Skip(1).ToArray();
        foreach (var row in rows)
        {
            bool hit = row[reached] == "true";
            Assert.Equal(hit, double.Parse(row[mse], CultureInfo.InvariantCulture) <= 1e-4);
        }

        int count = rows.Count(r => r[reached] == "true");
        Assert.True(count >= 2, $"only {count} of 3 images reached MSE 1e-4 ({prior} prior)");
        Assert.Equal(count, summary.GetProperty("reached_target").GetInt32());
        int maxSteps = rows.Where(r => r[reached] == "true").Max(r => int.Parse(r[steps], CultureInfo.InvariantCulture));
        Assert.Equal(maxSteps, summary.GetProperty("reached_target_steps").GetProperty("max").GetInt32());
        Assert.True(maxSteps < 1500 * 3, "an image that reached the target stopped early");
    }

    [Fact]
    public void Exact_WithASpentBudget_StopsEveryImageWithItsBestSoFar_AndSaysSo()
    {
        var result = _work.Invert("budget-out", "--preset", "exact", "--prior", "uniform", "--steps", "1500", "--batch", "2", "--time-budget", "0");

        Assert.True(result.ExitCode == 0, result.Errors);
        var summary = InvertWorkspace.Summary(_work.File("budget-out"));
        Assert.Equal(3, summary.GetProperty("images").GetInt32());
        Assert.Equal(0.0, summary.GetProperty("time_budget_seconds").GetDouble());
        Assert.Equal(3, summary.GetProperty("cut_short").GetInt32());
        Assert.Equal(0, summary.GetProperty("reached_target").GetInt32());
        Assert.Equal("until the budget", summary.GetProperty("stall_restarts").GetString());
        var metrics = InvertWorkspace.Csv(Path.Combine(_work.File("budget-out"), "metrics.csv"));
        int steps = Array.IndexOf(metrics[0], "total_steps");
        Assert.All(metrics.Skip(1), row => Assert.Equal("0", row[steps]));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("NaN")]
    public void Exact_WithANegativeBudget_ExitsTwoNamingTheFlag(string budget)
    {
        var result = _work.Invert("bad-budget", "--preset", "exact", "--time-budget", budget);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--time-budget", result.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Exact_OnAnUnboundedOutput_UsesMse_AndReachesTheTarget()
    {
        // No output activation (as a StyleGAN synthesis): BCE is undefined where the image leaves its range, so the
        // preset's --loss auto must pick MSE; with BCE these runs ended in NaN.
        string model = TinyModels.Write(_work.File("linear.onnx"), unbounded: true);
        float[] known = [0.3f, -0.5f, 0.1f, 0.6f, -0.2f, 0.4f, -0.6f, 0.0f, 0.5f, 0.2f, -0.3f, -0.1f];
        using (var generator = Generator.Open(model, new GeneratorOptions { Prior = new UniformPrior(-1, 1), OutputRange = new PixelRange(-3, 3) }))
        {
            NpyFile.Write(_work.File("targets.npy"), NpyArray.Create<float>(generator.Generate(known, 3).Images, 3, 1, 2, 2));
        }

        var result = CliRunner.Run(["invert", "-m", model, "-i", _work.File("targets.npy"), "-o", _work.File("linear-out"), "--preset", "exact",
            "--prior", "uniform", "--range", "-3,3", "--steps", "1500", "--batch", "2"]);

        Assert.True(result.ExitCode == 0, result.Errors);
        var summary = InvertWorkspace.Summary(_work.File("linear-out"));
        Assert.Equal("mse", summary.GetProperty("loss").GetString());
        Assert.Equal(0, summary.GetProperty("failed").GetInt32());
        Assert.Equal(3, summary.GetProperty("reached_target").GetInt32());
    }
}
