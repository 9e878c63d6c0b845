using OnnxInvert.Inversion.Priors;

namespace OnnxInvert.Inversion.Tests.Priors;

public sealed class UniformPriorTests
{
    [Theory]
    [InlineData(1f, 0f)]
    [InlineData(1f, 1f)]
    [InlineData(float.NaN, 1f)]
    [InlineData(0f, float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity, 0f)]
    public void Constructor_BoundsNotFiniteAndIncreasing_ThrowsArgumentException(float low, float high)
    {
        var ex = Assert.Throws<ArgumentException>(() => new UniformPrior(low, high));

        Assert.Contains("low < high", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1f, 1f, 0f)]
    [InlineData(0f, 4f, 2f)]
    public void Mean_IsTheIntervalMidpoint(float low, float high, float mean)
    {
        Assert.Equal(mean, new UniformPrior(low, high).Mean);
    }

    [Theory]
    [InlineData(-1f, 1f)]
    [InlineData(2f, 5f)]
    public void Sample_ManyDraws_StayInRangeWithUniformMeanAndVariance(float low, float high)
    {
        var values = new float[100_000];

        new UniformPrior(low, high).Sample(new Random(1234), values);

        Assert.All(values, v => Assert.InRange(v, low, high));
        double mean = values.Average(v => (double)v);
        double variance = values.Average(v => (v - mean) * (v - mean));
        double width = high - low;
        Assert.Equal((low + high) / 2.0, mean, 0.01 * width);
        Assert.Equal(width * width / 12, variance, 0.02 * width * width / 12);
        Assert.True(values.Min() < low + (0.001 * width), "the lower end is reached");
        Assert.True(values.Max() > high - (0.001 * width), "the upper end is reached");
    }

    [Fact]
    public void Scale_IsHalfTheWidth()
    {
        Assert.Equal(1.5f, new UniformPrior(-1, 2).Scale);
    }

    [Fact]
    public void Sample_SameSeed_GivesIdenticalDraws()
    {
        var prior = new UniformPrior(-1, 1);
        var first = new float[256];
        var second = new float[256];

        prior.Sample(new Random(7), first);
        prior.Sample(new Random(7), second);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Sample_DifferentSeeds_GiveDifferentDraws()
    {
        var prior = new UniformPrior(-1, 1);
        var first = new float[256];
        var second = new float[256];

        prior.Sample(new Random(7), first);
        prior.Sample(new Random(8), second);

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Sample_EmptyDestination_DoesNothing()
    {
        new UniformPrior(-1, 1).Sample(new Random(1), Span<float>.Empty);
    }

    [Fact]
    public void ToString_IsTheCanonicalForm()
    {
        Assert.Equal("uniform:-1,1", new UniformPrior(-1, 1).ToString());
        Assert.Equal("uniform:0.5,2", new UniformPrior(0.5f, 2).ToString());
    }
}
