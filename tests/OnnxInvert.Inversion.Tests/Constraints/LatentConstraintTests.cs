using OnnxInvert.Inversion.Constraints;
using OnnxInvert.Inversion.Priors;

namespace OnnxInvert.Inversion.Tests.Constraints;

public sealed class LatentConstraintTests
{
    private static readonly UniformPrior Uniform = new(-1, 1);
    private static readonly NormalPrior Normal = new(0, 1);

    [Fact]
    public void Support_ClipsAUniformPrior_AndLeavesANormalOneFree()
    {
        Assert.IsType<ClipConstraint>(LatentConstraint.Create(PriorHandling.Support, Uniform, new PriorTerms()));
        Assert.IsType<NoConstraint>(LatentConstraint.Create(PriorHandling.Support, Normal, new PriorTerms()));
    }

    [Fact]
    public void Auto_ClipsAUniformPrior_AndPenalisesTheLogLikelihoodOfANormalOne()
    {
        Assert.IsType<ClipConstraint>(LatentConstraint.Create(PriorHandling.Auto, Uniform, new PriorTerms()));
        Assert.IsType<LogLikelihoodPenalty>(LatentConstraint.Create(PriorHandling.Auto, Normal, new PriorTerms()));
    }

    [Fact]
    public void ExplicitHandling_GivesThatConstraint()
    {
        Assert.IsType<StochasticClipConstraint>(LatentConstraint.Create(PriorHandling.StochasticClip, Uniform, new PriorTerms()));
        Assert.IsType<MomentMatchingPenalty>(LatentConstraint.Create(PriorHandling.MomentMatching, Normal, new PriorTerms()));
        Assert.IsType<NoConstraint>(LatentConstraint.Create(PriorHandling.None, Normal, new PriorTerms()));
        Assert.IsType<NoConstraint>(LatentConstraint.Create(PriorHandling.None, Uniform, new PriorTerms()));
    }

    [Fact]
    public void MomentMatching_TakesTheScopeFromTheTerms()
    {
        Assert.True(LatentConstraint.Create(PriorHandling.MomentMatching, Normal, new PriorTerms(Scope: MomentScope.Batch)).CouplesSamples);
        Assert.False(LatentConstraint.Create(PriorHandling.MomentMatching, Normal, new PriorTerms(Scope: MomentScope.Sample)).CouplesSamples);
    }

    [Fact]
    public void LogLikelihood_TakesBetaFromTheTerms()
    {
        var small = LatentConstraint.Create(PriorHandling.LogLikelihood, Normal, new PriorTerms(Beta: 0.5));
        var large = LatentConstraint.Create(PriorHandling.LogLikelihood, Normal, new PriorTerms(Beta: 2));
        var a = new float[1];
        var b = new float[1];

        small.AddPenalty([2f], new float[1], [true], 1, a);
        large.AddPenalty([2f], new float[1], [true], 1, b);

        Assert.Equal(4 * a[0], b[0], 6);
    }

    [Theory]
    [InlineData(PriorHandling.Clip, false)]
    [InlineData(PriorHandling.StochasticClip, false)]
    [InlineData(PriorHandling.MomentMatching, true)]
    [InlineData(PriorHandling.LogLikelihood, true)]
    public void HandlingThatDoesNotFitThePrior_ThrowsNamingBoth(PriorHandling handling, bool uniform)
    {
        Prior prior = uniform ? Uniform : Normal;

        var ex = Assert.Throws<ArgumentException>(() => LatentConstraint.Create(handling, prior, new PriorTerms()));

        Assert.Contains(handling.ToString(), ex.Message, StringComparison.Ordinal);
        Assert.Contains(prior.ToString(), ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1, 1, 1)]
    [InlineData(1, double.NaN, 1)]
    [InlineData(1, 1, double.PositiveInfinity)]
    public void PriorTerms_NegativeOrNonFiniteWeights_FailValidation(double gamma1, double gamma2, double beta)
    {
        Assert.Throws<ArgumentOutOfRangeException>(new PriorTerms(gamma1, gamma2, beta).Validate);
    }
}
