using OnnxInvert.Inversion.Constraints;
using OnnxInvert.Inversion.Priors;

namespace OnnxInvert.Inversion.Tests.Constraints;

public sealed class StochasticClipConstraintTests
{
    private static readonly UniformPrior Prior = new(-1, 1);

    [Fact]
    public void Project_RedrawsOnlyOutOfRangeComponents_IntoTheInterval()
    {
        var constraint = new StochasticClipConstraint(Prior);
        float[] original = [-3f, -1f, 0.3f, 1f, 4f, float.NaN, 0.99f, -7f];
        float[] z = [.. original];

        constraint.Project(z, new Random(11));

        for (int i = 0; i < z.Length; i++)
        {
            Assert.InRange(z[i], Prior.Low, Prior.High);
            bool inRange = original[i] >= Prior.Low && original[i] <= Prior.High;
            if (inRange)
            {
                Assert.Equal(original[i], z[i]);
            }
        }

        // Redrawn values are draws, not the bounds a plain clip would give.
        Assert.NotEqual(-1f, z[0]);
        Assert.NotEqual(1f, z[4]);
    }

    [Fact]
    public void Project_SameSeed_SameDraws_OtherSeed_OtherDraws()
    {
        var constraint = new StochasticClipConstraint(Prior);
        float[] a = [5, 5, 5, 5, 0.5f];
        float[] b = [5, 5, 5, 5, 0.5f];
        float[] c = [5, 5, 5, 5, 0.5f];

        constraint.Project(a, new Random(42));
        constraint.Project(b, new Random(42));
        constraint.Project(c, new Random(43));

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal(0.5f, c[4]);
    }

    [Fact]
    public void Project_RedrawnComponents_AreDrawsFromTheUniformPrior()
    {
        var constraint = new StochasticClipConstraint(new UniformPrior(2, 4));
        float[] z = new float[4000];
        Array.Fill(z, 100f);

        constraint.Project(z, new Random(1));

        Assert.All(z, v => Assert.InRange(v, 2f, 4f));
        Assert.InRange(z.Average(), 2.95, 3.05);
        Assert.True(z.Count(v => v < 2.5f) > 800, "the lower quarter of the interval gets about a quarter of the draws");
    }
}
