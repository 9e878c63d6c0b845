using OnnxInvert.Inversion.Constraints;
using OnnxInvert.Inversion.Priors;

namespace OnnxInvert.Inversion.Tests.Constraints;

public sealed class LogLikelihoodPenaltyTests
{
    private static readonly float[] Latents = [0.3f, -1.2f, 2.0f, 0.7f, -0.4f, 1.5f, 0.1f, -2.2f, 0.9f];

    [Theory]
    [InlineData(0f, 1f, 0.01)]
    [InlineData(0.5f, 2f, 1.0)]
    [InlineData(-1f, 0.5f, 3.0)]
    public void Penalty_IsMinusBetaTimesTheMeanLogDensity_UpToTheConstant(float mean, float std, double beta)
    {
        var penalty = new LogLikelihoodPenalty(new NormalPrior(mean, std), beta);
        const int Size = 3;
        var penalties = new float[3];

        penalty.AddPenalty(Latents, new float[Latents.Length], [true, true, true], Size, penalties);

        for (int s = 0; s < 3; s++)
        {
            // −β·(1/d)·Σ log N(zᵢ; µ, σ²) = β/d·Σ(zᵢ−µ)²/(2σ²) + β·log(σ√(2π)).
            double logDensity = Latents.Skip(s * Size).Take(Size).Sum(z => -((z - mean) * (z - mean) / (2.0 * std * std)) - Math.Log(std * Math.Sqrt(2 * Math.PI))) / Size;
            double expected = (-beta * logDensity) - (beta * Math.Log(std * Math.Sqrt(2 * Math.PI)));
            Assert.Equal(expected, penalties[s], 5);
        }
    }

    [Theory]
    [InlineData(0f, 1f, 1.0)]
    [InlineData(0.5f, 0.7f, 2.5)]
    public void Gradient_MatchesFiniteDifferences(float mean, float std, double beta)
    {
        PenaltyFiniteDifferences.Check(new LogLikelihoodPenalty(new NormalPrior(mean, std), beta), Latents, [true, true, true], size: 3);
    }

    [Fact]
    public void Gradient_IsAddedToTheObjectivesGradient_AndInactiveSlotsGetNothing()
    {
        var penalty = new LogLikelihoodPenalty(new NormalPrior(0, 1), 1.0);
        float[] gradients = [10, 10, 10, 10, 10, 10];
        float[] penalties = [7, 7];

        penalty.AddPenalty([1, 2, 3, 4, 5, 6], gradients, [true, false], 3, penalties);

        Assert.Equal([10 + (1f / 3), 10 + (2f / 3), 10 + 1f, 10, 10, 10], gradients);
        Assert.Equal((1 + 4 + 9) / 6f, penalties[0], 6);
        Assert.Equal(0f, penalties[1]);
        Assert.False(penalty.CouplesSamples);
    }
}
