using MathNet.Numerics.Random;
using OnnxInvert.Inversion.Engine.Checkpoints;
using OnnxInvert.Inversion.Priors;

namespace OnnxInvert.Inversion.Tests.Engine.Checkpoints;

public sealed class CountingRandomTests
{
    [Fact]
    public void Draws_AreMathNetsXoshiroDraws_ForEveryPrior()
    {
        Prior[] priors = [new NormalPrior(0, 1), new UniformPrior(-1, 1), new NormalPrior(0.5f, 2)];
        foreach (var prior in priors)
        {
            var expected = new float[257];
            var actual = new float[257];
            prior.Sample(new Xoshiro256StarStar(12345), expected);
            prior.Sample(new CountingRandom(12345), actual);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Resume_AfterTheRecordedDraws_ContinuesTheSameStream()
    {
        var prior = new NormalPrior(0, 1);
        var uninterrupted = new CountingRandom(77);
        var head = new float[100];
        prior.Sample(uninterrupted, head);
        long draws = uninterrupted.Draws;
        var expected = new float[64];
        prior.Sample(uninterrupted, expected);

        var resumed = CountingRandom.Resume(77, draws);
        var actual = new float[64];
        prior.Sample(resumed, actual);

        Assert.True(draws >= 100, "a normal draw takes at least one double");
        Assert.Equal(draws, CountingRandom.Resume(77, draws).Draws);
        Assert.Equal(expected, actual);
        Assert.Equal(uninterrupted.Draws, resumed.Draws);
    }

    [Fact]
    public void Resume_WithAnotherCount_GivesOtherValues()
    {
        var a = CountingRandom.Resume(5, 10).NextDouble();
        var b = CountingRandom.Resume(5, 11).NextDouble();

        Assert.NotEqual(a, b);
        Assert.Throws<ArgumentOutOfRangeException>(() => CountingRandom.Resume(5, -1));
    }

    [Fact]
    public void DrawsThatWouldBypassTheCount_AreRefusedByName()
    {
        var random = new CountingRandom(1);

        var error = Assert.Throws<NotSupportedException>(() => random.Next(10));
        Assert.Throws<NotSupportedException>(() => random.NextBytes(new byte[4]));
        Assert.Throws<NotSupportedException>(() => random.NextInt64());

        Assert.Contains("Next", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, random.Draws);
    }
}
