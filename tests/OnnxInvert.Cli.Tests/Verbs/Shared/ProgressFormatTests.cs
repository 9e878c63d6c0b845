using OnnxInvert.Cli.Verbs.Shared;
using OnnxInvert.Inversion.Jobs;
using OnnxInvert.Inversion.Engine;

namespace OnnxInvert.Cli.Tests.Verbs.Shared;

public sealed class ProgressFormatTests
{
    [Fact]
    public void Bar_HalfTheStepsDone_ShowsHalfABarPercentImagesEtaAndLoss()
    {
        var p = Progress(completed: 3, steps: 500, planned: 1000, elapsed: 10, loss: 0.0891234);

        string bar = ProgressFormat.Bar(p, alreadyDone: 0, total: 16);

        Assert.Equal("invert [############------------]  50% 3/16 images, ETA 0:10, loss 0.08912", bar);
    }

    [Fact]
    public void Bar_BeforeTheFirstUpdate_HasAnEmptyBarAndUnknownEtaAndLoss()
    {
        var p = Progress(completed: 0, steps: 0, planned: 1000, elapsed: 0, loss: double.NaN);

        Assert.Equal("invert [------------------------]   0% 0/16 images, ETA ?, loss -", ProgressFormat.Bar(p, 0, 16));
    }

    [Fact]
    public void Bar_AllDone_IsFull()
    {
        var p = Progress(completed: 16, steps: 800, planned: 1000, elapsed: 75, loss: 0.01);

        Assert.StartsWith("invert [########################] 100% 16/16 images", ProgressFormat.Bar(p, 0, 16), StringComparison.Ordinal);
    }

    [Fact]
    public void Fraction_ResumedImagesCountAsDone()
    {
        var p = Progress(completed: 0, steps: 0, planned: 400, elapsed: 0, loss: double.NaN);

        Assert.Equal(0.75, ProgressFormat.Fraction(p, alreadyDone: 12, total: 16), 10);
        Assert.Contains("12/16 images", ProgressFormat.Bar(p, 12, 16), StringComparison.Ordinal);
    }

    [Fact]
    public void Fraction_EarlyConvergence_FollowsFinishedImages()
    {
        var p = Progress(completed: 8, steps: 100, planned: 1000, elapsed: 1, loss: 0.1);

        Assert.Equal(0.5, ProgressFormat.Fraction(p, 0, 16), 10);
    }

    [Fact]
    public void Line_HasCountsIterationLossElapsedEtaAndPercent()
    {
        var p = Progress(completed: 4, steps: 250, planned: 1000, elapsed: 65, loss: 0.5);

        Assert.Equal("invert: 4/16 images, 16 in batch, iteration 250, mean loss 0.5, elapsed 1:05, ETA 3:15, 25% done", ProgressFormat.Line(p, 0, 16));
    }

    [Theory]
    [InlineData(59, "0:59")]
    [InlineData(3600 + 62, "1:01:02")]
    public void Duration_MinutesThenHours(int seconds, string expected) => Assert.Equal(expected, ProgressFormat.Duration(TimeSpan.FromSeconds(seconds)));

    internal static InversionProgress Progress(int completed, long steps, long planned, double elapsed, double loss) =>
        new(Iteration: steps, CompletedImages: completed, TotalImages: 16, ActiveSamples: 16, MeanLoss: loss, SampleSteps: steps, PlannedSampleSteps: planned, Reinitializations: 0, Elapsed: TimeSpan.FromSeconds(elapsed));
}
