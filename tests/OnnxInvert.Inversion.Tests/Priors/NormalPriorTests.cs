using OnnxInvert.Inversion.Priors;

namespace OnnxInvert.Inversion.Tests.Priors;

public sealed class NormalPriorTests
{
    [Theory]
    [InlineData(0f, 0f)]
    [InlineData(0f, -1f)]
    [InlineData(float.NaN, 1f)]
    [InlineData(0f, float.NaN)]
    [InlineData(float.PositiveInfinity, 1f)]
    [InlineData(0f, float.PositiveInfinity)]
    public void Constructor_NonFiniteMeanOrNonPositiveStd_ThrowsArgumentException(float mean, float std)
    {
        var ex = Assert.Throws<ArgumentException>(() => new NormalPrior(mean, std));

        Assert.Contains("std > 0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scale_IsTheStandardDeviation()
    {
        Assert.Equal(2f, new NormalPrior(1.5f, 2).Scale);
    }

    [Fact]
    public void Mean_IsTheDistributionsMean()
    {
        Assert.Equal(1.5f, new NormalPrior(1.5f, 2).Mean);
    }

    [Theory]
    [InlineData(0f, 1f)]
    [InlineData(-2f, 0.5f)]
    public void Sample_ManyDraws_HaveTheRequestedMeanAndStdAndNormalTails(float mean, float std)
    {
        var values = new float[100_000];

        new NormalPrior(mean, std).Sample(new Random(4321), values);

        Assert.All(values, v => Assert.True(float.IsFinite(v)));
        double sampleMean = values.Average(v => (double)v);
        double sampleStd = Math.Sqrt(values.Average(v => (v - sampleMean) * (v - sampleMean)));
        Assert.Equal(mean, sampleMean, 0.02 * std);
        Assert.Equal(std, sampleStd, 0.02 * std);

        // About 68.3% within one std and 95.4% within two, unlike a uniform of the same variance.
        double withinOne = values.Count(v => Math.Abs(v - mean) <= std) / (double)values.Length;
        double withinTwo = values.Count(v => Math.Abs(v - mean) <= 2 * std) / (double)values.Length;
        Assert.Equal(0.683, withinOne, 0.01);
        Assert.Equal(0.954, withinTwo, 0.01);
    }

    [Fact]
    public void Sample_SameSeed_GivesIdenticalDraws()
    {
        var prior = new NormalPrior(0, 1);
        var first = new float[256];
        var second = new float[256];

        prior.Sample(new Random(3), first);
        prior.Sample(new Random(3), second);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Sample_DifferentSeeds_GiveDifferentDraws()
    {
        var prior = new NormalPrior(0, 1);
        var first = new float[256];
        var second = new float[256];

        prior.Sample(new Random(3), first);
        prior.Sample(new Random(4), second);

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void ToString_IsTheCanonicalForm()
    {
        Assert.Equal("normal:0,1", new NormalPrior(0, 1).ToString());
        Assert.Equal("normal:-1,0.5", new NormalPrior(-1, 0.5f).ToString());
    }
}
