using OnnxInvert.Inversion.Optimizers;
using OnnxInvert.Inversion.Tests.TestUtilities;

namespace OnnxInvert.Inversion.Tests.Optimizers;

/// <summary>Every optimiser reproduces the parameter trajectory torch.optim recorded for the same settings and gradients.</summary>
public sealed class TorchTrajectoryTests
{
    private const double RelativeTolerance = 1e-6;

    public static TheoryData<string> Cases() => new(OptimizerTrajectories.Names);

    [Fact]
    public void Fixture_CoversEveryKindAndOption()
    {
        var cases = OptimizerTrajectories.Names.Select(OptimizerTrajectories.Get).ToArray();

        Assert.Contains(cases, c => c.Settings.Kind == OptimizerKind.RmsProp && c.Settings.Centered && c.Settings.Momentum > 0 && c.Settings.WeightDecay > 0);
        Assert.Contains(cases, c => c.Settings.Kind == OptimizerKind.Adam && c.Settings.Beta1 != 0.9 && c.Settings.WeightDecay > 0);
        Assert.Contains(cases, c => c.Settings.Kind == OptimizerKind.Sgd && c.Settings.Nesterov);
        Assert.Contains(cases, c => c.Settings.Kind == OptimizerKind.Sgd && c.Settings.Dampening > 0);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Step_FollowsTheTorchTrajectory(string name)
    {
        var trajectory = OptimizerTrajectories.Get(name);
        var optimizer = LatentOptimizer.Create(trajectory.Settings, slots: 1, size: trajectory.Start.Length);
        float[] z = [.. trajectory.Start];

        for (int t = 0; t < trajectory.Gradients.Length; t++)
        {
            optimizer.Step(0, z, trajectory.Gradients[t], trajectory.Settings.LearningRate);
            AssertClose(trajectory.Parameters[t], z, $"{name} step {t}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Step_SlotsKeepSeparateState_AndResetRestartsTheTrajectory(string name)
    {
        var trajectory = OptimizerTrajectories.Get(name);
        int size = trajectory.Start.Length;
        var optimizer = LatentOptimizer.Create(trajectory.Settings, slots: 2, size: size);
        float[] other = [.. trajectory.Start.Select(v => -v)];
        float[] z = [.. trajectory.Start];

        // Slot 0 takes some foreign steps first; after a reset it must follow the torch trajectory from scratch.
        optimizer.Step(0, other, trajectory.Gradients[^1], 0.5);
        optimizer.Step(0, other, trajectory.Gradients[^2], 0.5);
        optimizer.Reset(0);
        for (int t = 0; t < trajectory.Gradients.Length; t++)
        {
            optimizer.Step(0, z, trajectory.Gradients[t], trajectory.Settings.LearningRate);
            optimizer.Step(1, other, trajectory.Gradients[(t + 3) % trajectory.Gradients.Length], trajectory.Settings.LearningRate);
        }

        AssertClose(trajectory.Parameters[^1], z, name);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void CopySlot_MovesTheStateSoTheTrajectoryContinuesInTheNewSlot(string name)
    {
        var trajectory = OptimizerTrajectories.Get(name);
        var optimizer = LatentOptimizer.Create(trajectory.Settings, slots: 3, size: trajectory.Start.Length);
        float[] z = [.. trajectory.Start];
        int half = trajectory.Gradients.Length / 2;

        for (int t = 0; t < half; t++)
        {
            optimizer.Step(2, z, trajectory.Gradients[t], trajectory.Settings.LearningRate);
        }

        optimizer.CopySlot(2, 0);
        for (int t = half; t < trajectory.Gradients.Length; t++)
        {
            optimizer.Step(0, z, trajectory.Gradients[t], trajectory.Settings.LearningRate);
        }

        AssertClose(trajectory.Parameters[^1], z, name);
    }

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(expected[i] - actual[i]);
            double bound = RelativeTolerance * Math.Max(1.0, Math.Abs(expected[i]));
            Assert.True(error <= bound, $"{what}, element {i}: expected {expected[i]:R}, got {actual[i]:R} (error {error:E2} > {bound:E2})");
        }
    }
}
