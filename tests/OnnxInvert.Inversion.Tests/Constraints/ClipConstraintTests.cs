using OnnxInvert.Inversion.Constraints;
using OnnxInvert.Inversion.Priors;

namespace OnnxInvert.Inversion.Tests.Constraints;

public sealed class ClipConstraintTests
{
    [Fact]
    public void Project_ClampsOutOfRangeComponentsToTheBounds_AndLeavesTheRest()
    {
        var constraint = new ClipConstraint(new UniformPrior(-0.5f, 2f));
        float[] z = [-3f, -0.5f, 0.25f, 2f, 7.5f, 1.999f];

        constraint.Project(z, new Random(0));

        Assert.Equal([-0.5f, -0.5f, 0.25f, 2f, 2f, 1.999f], z);
    }

    [Fact]
    public void Project_RandomLatents_EndInsideTheInterval()
    {
        var prior = new UniformPrior(-1, 1);
        var constraint = new ClipConstraint(prior);
        var random = new Random(3);
        float[] z = [.. Enumerable.Range(0, 1000).Select(_ => (float)((random.NextDouble() * 10) - 5))];

        constraint.Project(z, random);

        Assert.All(z, v => Assert.InRange(v, prior.Low, prior.High));
    }

    [Fact]
    public void NoPenalty_IsAddedByClipping()
    {
        var constraint = new ClipConstraint(new UniformPrior(-1, 1));
        float[] gradients = [1, 2, 3, 4];
        float[] penalties = [9, 9];

        constraint.AddPenalty([5, 5, 5, 5], gradients, [true, true], 2, penalties);

        Assert.Equal([1f, 2, 3, 4], gradients);
        Assert.Equal([0f, 0], penalties);
        Assert.False(constraint.CouplesSamples);
        Assert.Contains("uniform:-1,1", constraint.ToString(), StringComparison.Ordinal);
    }
}
