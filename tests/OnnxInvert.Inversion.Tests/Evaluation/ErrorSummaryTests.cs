using OnnxInvert.Inversion.Evaluation;

namespace OnnxInvert.Inversion.Tests.Evaluation;

public sealed class ErrorSummaryTests
{
    [Fact]
    public void Of_FiveValues_MatchesTheStudentTInterval()
    {
        // Mean 3, sample sd √2.5; t(0.975, 4) = 2.7764451 from any t table.
        var summary = ErrorSummary.Of([1.0, 2.0, 3.0, 4.0, 5.0]);

        Assert.Equal(5, summary.Count);
        Assert.Equal(3.0, summary.Mean, 12);
        Assert.Equal(Math.Sqrt(2.5), summary.StdDev, 12);
        Assert.Equal(2.7764451 * Math.Sqrt(2.5) / Math.Sqrt(5), summary.HalfWidth, 6);
        Assert.Equal(summary.Mean - summary.HalfWidth, summary.Low, 12);
        Assert.Equal(summary.Mean + summary.HalfWidth, summary.High, 12);
    }

    [Fact]
    public void Of_ManyValues_ApproachesTheNormalQuantile()
    {
        double[] values = Enumerable.Range(0, 100_000).Select(i => (double)(i % 2)).ToArray();

        var summary = ErrorSummary.Of(values);

        Assert.Equal(1.959964, summary.HalfWidth / (summary.StdDev / Math.Sqrt(values.Length)), 3);
    }

    [Fact]
    public void Of_HigherLevel_GivesAWiderInterval()
    {
        double[] values = [0.1, 0.4, 0.35, 0.2, 0.6, 0.15];

        Assert.True(ErrorSummary.Of(values, 0.99).HalfWidth > ErrorSummary.Of(values, 0.95).HalfWidth);
        Assert.True(ErrorSummary.Of(values, 0.95).HalfWidth > ErrorSummary.Of(values, 0.5).HalfWidth);
    }

    [Fact]
    public void Of_OneValue_HasNoInterval()
    {
        var summary = ErrorSummary.Of([0.25]);

        Assert.Equal(0.25, summary.Mean);
        Assert.True(double.IsNaN(summary.HalfWidth));
    }

    [Fact]
    public void Of_InvalidInput_Throws()
    {
        Assert.Throws<ArgumentException>(() => ErrorSummary.Of([]));
        Assert.Throws<ArgumentException>(() => ErrorSummary.Of([1.0, double.NaN]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ErrorSummary.Of([1.0, 2.0], 1.0));
    }
}
