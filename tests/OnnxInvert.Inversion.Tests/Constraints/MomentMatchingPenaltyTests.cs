using OnnxInvert.Inversion.Constraints;
using OnnxInvert.Inversion.Priors;

namespace OnnxInvert.Inversion.Tests.Constraints;

public sealed class MomentMatchingPenaltyTests
{
    private static readonly float[] Latents = [0.3f, -1.2f, 2.0f, 0.7f, -0.4f, 1.5f, 0.1f, -2.2f, 0.9f, 0.05f, 1.1f, -0.6f];

    [Theory]
    [InlineData(0f, 1f, 1.0, 1.0)]
    [InlineData(0.5f, 0.3f, 2.0, 0.5)]
    public void SampleScope_PenaltyIsGamma1MeanGapSquaredPlusGamma2StdGapSquared_PerSlot(float mean, float std, double gamma1, double gamma2)
    {
        var penalty = new MomentMatchingPenalty(new NormalPrior(mean, std), gamma1, gamma2, MomentScope.Sample);
        const int Size = 4;
        var penalties = new float[3];

        penalty.AddPenalty(Latents, new float[Latents.Length], [true, true, true], Size, penalties);

        for (int s = 0; s < 3; s++)
        {
            Assert.Equal(Expected(Latents.Skip(s * Size).Take(Size), mean, std, gamma1, gamma2), penalties[s], 5);
        }
    }

    [Fact]
    public void BatchScope_EverySlotReportsThePenaltyOfAllActiveElements()
    {
        var penalty = new MomentMatchingPenalty(new NormalPrior(0, 1), 1.5, 0.7, MomentScope.Batch);
        var penalties = new float[3];

        penalty.AddPenalty(Latents, new float[Latents.Length], [true, false, true], 4, penalties);

        double expected = Expected(Latents.Take(4).Concat(Latents.Skip(8)), 0, 1, 1.5, 0.7);
        Assert.Equal(expected, penalties[0], 5);
        Assert.Equal(0f, penalties[1]);
        Assert.Equal(expected, penalties[2], 5);
    }

    [Theory]
    [InlineData(MomentScope.Sample)]
    [InlineData(MomentScope.Batch)]
    public void Gradient_MatchesFiniteDifferences(MomentScope scope)
    {
        var penalty = new MomentMatchingPenalty(new NormalPrior(0.2f, 0.8f), 1.3, 0.9, scope);

        PenaltyFiniteDifferences.Check(penalty, Latents, [true, true, true], size: 4);
        PenaltyFiniteDifferences.Check(penalty, Latents, [true, false, true], size: 4);
    }

    [Fact]
    public void BatchScope_CouplesSamples_SampleScopeDoesNot()
    {
        Assert.True(new MomentMatchingPenalty(new NormalPrior(0, 1), 1, 1, MomentScope.Batch).CouplesSamples);
        Assert.False(new MomentMatchingPenalty(new NormalPrior(0, 1), 1, 1, MomentScope.Sample).CouplesSamples);
    }

    [Fact]
    public void BatchScope_ChangingOneSlotChangesTheOthersGradient()
    {
        var penalty = new MomentMatchingPenalty(new NormalPrior(0, 1), 1, 1, MomentScope.Batch);
        float[] moved = [.. Latents];
        moved[0] += 1;
        var before = new float[Latents.Length];
        var after = new float[Latents.Length];

        penalty.AddPenalty(Latents, before, [true, true, true], 4, new float[3]);
        penalty.AddPenalty(moved, after, [true, true, true], 4, new float[3]);

        Assert.NotEqual(before[5], after[5]);
    }

    [Fact]
    public void ConstantLatent_HasNoStdGradient_ButFinitePenalty()
    {
        var penalty = new MomentMatchingPenalty(new NormalPrior(0, 1), 1, 1, MomentScope.Sample);
        var gradients = new float[4];
        var penalties = new float[1];

        penalty.AddPenalty([0.5f, 0.5f, 0.5f, 0.5f], gradients, [true], 4, penalties);

        Assert.Equal(0.25 + 1.0, penalties[0], 6);
        Assert.All(gradients, g => Assert.Equal(2 * 0.5 / 4, g, 6));
    }

    private static double Expected(IEnumerable<float> values, double mean, double std, double gamma1, double gamma2)
    {
        double[] v = [.. values.Select(x => (double)x)];
        double m = v.Average();
        double s = Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / v.Length);
        return (gamma1 * (mean - m) * (mean - m)) + (gamma2 * (std - s) * (std - s));
    }
}
