using OnnxInvert.Inversion.Optimizers;
using OnnxInvert.Inversion.Tests.TestUtilities;

namespace OnnxInvert.Inversion.Tests.Optimizers;

/// <summary>A slot's optimiser state taken out after k steps and put into a fresh optimiser continues bit for bit.</summary>
public sealed class OptimizerSlotStateTests
{
    public static TheoryData<string> Cases() => new(OptimizerTrajectories.Names);

    [Theory]
    [MemberData(nameof(Cases))]
    public void ExportAfterKSteps_ImportIntoAFreshOptimizer_ContinuesLikeTheUninterruptedOne(string name)
    {
        var trajectory = OptimizerTrajectories.Get(name);
        int size = trajectory.Start.Length;
        int k = trajectory.Gradients.Length / 2;
        var uninterrupted = LatentOptimizer.Create(trajectory.Settings, slots: 1, size: size);
        var first = LatentOptimizer.Create(trajectory.Settings, slots: 2, size: size);
        float[] expected = [.. trajectory.Start];
        float[] z = [.. trajectory.Start];
        for (int t = 0; t < k; t++)
        {
            uninterrupted.Step(0, expected, trajectory.Gradients[t], trajectory.Settings.LearningRate);
            first.Step(1, z, trajectory.Gradients[t], trajectory.Settings.LearningRate);
        }

        var state = first.ExportSlot(1);
        var resumed = LatentOptimizer.Create(trajectory.Settings, slots: 3, size: size);
        resumed.Step(2, [.. trajectory.Start], trajectory.Gradients[^1], 0.3); // foreign state the import must replace
        resumed.ImportSlot(2, state);
        for (int t = k; t < trajectory.Gradients.Length; t++)
        {
            uninterrupted.Step(0, expected, trajectory.Gradients[t], trajectory.Settings.LearningRate);
            resumed.Step(2, z, trajectory.Gradients[t], trajectory.Settings.LearningRate);
        }

        Assert.Equal(k, state.StepCount);
        Assert.Equal(trajectory.Settings.Kind, state.Kind);
        Assert.Equal(expected, z);
        Assert.Equal(uninterrupted.ExportSlot(0).Buffers, resumed.ExportSlot(2).Buffers);
    }

    [Fact]
    public void ExportIsACopy_LaterStepsDoNotChangeIt()
    {
        var optimizer = LatentOptimizer.Create(new OptimizerSettings { Kind = OptimizerKind.Adam }, slots: 1, size: 2);
        float[] z = [1, 2];
        optimizer.Step(0, z, [0.5f, -0.5f], 0.1);
        var state = optimizer.ExportSlot(0);
        float[][] before = [.. state.Buffers.Select(b => b.ToArray())];

        optimizer.Step(0, z, [3f, 4f], 0.1);

        Assert.Equal(before, state.Buffers);
        Assert.Equal(1, state.StepCount);
    }

    [Fact]
    public void ImportAtStepZero_BehavesLikeAReset()
    {
        var settings = new OptimizerSettings { Kind = OptimizerKind.Sgd, Momentum = 0.9, Dampening = 0.5 };
        var fresh = LatentOptimizer.Create(settings, slots: 1, size: 2);
        var reused = LatentOptimizer.Create(settings, slots: 1, size: 2);
        var blank = fresh.ExportSlot(0);
        float[] a = [1, 1];
        float[] b = [1, 1];
        reused.Step(0, [.. b], [5f, 5f], 0.1);

        reused.ImportSlot(0, blank);
        fresh.Step(0, a, [1f, 2f], 0.1);
        reused.Step(0, b, [1f, 2f], 0.1);

        Assert.Equal(a, b); // SGD's first momentum step (buffer = g) applies again after the import
    }

    [Fact]
    public void Import_OfAnotherRuleOrSize_IsRefusedWithBothNamed()
    {
        var adam = LatentOptimizer.Create(new OptimizerSettings { Kind = OptimizerKind.Adam }, slots: 1, size: 3);
        var rms = LatentOptimizer.Create(new OptimizerSettings(), slots: 1, size: 3);
        var small = LatentOptimizer.Create(new OptimizerSettings { Kind = OptimizerKind.Adam }, slots: 1, size: 2);

        var kind = Assert.Throws<ArgumentException>(() => rms.ImportSlot(0, adam.ExportSlot(0)));
        var size = Assert.Throws<ArgumentException>(() => small.ImportSlot(0, adam.ExportSlot(0)));
        Assert.Throws<ArgumentException>(() => adam.ImportSlot(0, adam.ExportSlot(0) with { StepCount = -1 }));

        Assert.Contains("Adam", kind.Message, StringComparison.Ordinal);
        Assert.Contains("RmsProp", kind.Message, StringComparison.Ordinal);
        Assert.Contains("2 values", size.Message, StringComparison.Ordinal);
    }
}
