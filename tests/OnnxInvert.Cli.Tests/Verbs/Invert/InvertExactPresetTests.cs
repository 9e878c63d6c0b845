using System.Globalization;
using OnnxInvert.Cli.Tests.TestUtilities;

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
}
