using OnnxInvert.Autodiff.Objective;
using OnnxInvert.Inversion.Constraints;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Optimizers;
using OnnxInvert.Inversion.Priors;
using OnnxInvert.Inversion.Tests.TestUtilities;

namespace OnnxInvert.Inversion.Tests.Engine.Checkpoints;

/// <summary>
/// A run stopped after k iterations and continued on a new inverter from its checkpoint ends exactly like the
/// uninterrupted run: same latents, losses, restarts and counters, bit for bit at the same batch size.
/// </summary>
public sealed class InversionRunCheckpointTests : IDisposable
{
    private const int Images = 5;

    private readonly TinyInversion _tiny = new();

    public void Dispose() => _tiny.Dispose();

    public static TheoryData<OptimizerKind, int> StopPoints() => new()
    {
        { OptimizerKind.Adam, 1 },
        { OptimizerKind.Adam, 6 },
        { OptimizerKind.Adam, 17 },
        { OptimizerKind.RmsProp, 3 },
        { OptimizerKind.RmsProp, 11 },
        { OptimizerKind.RmsProp, 29 },
        { OptimizerKind.Sgd, 9 },
    };

    [Theory]
    [MemberData(nameof(StopPoints))]
    public void StopAndResume_WithRestartsAndConvergence_EqualsTheUninterruptedRun(OptimizerKind kind, int iterations)
    {
        var targets = _tiny.Targets(_tiny.KnownLatents(Images, seed: 6), Images, indices: [3, 4, 7, 8, 12]);
        var options = Options(kind, restarts: 3, tolerance: 0.05, patience: 2);
        using var whole = _tiny.Create(options);
        using var first = _tiny.Create(options);
        using var second = _tiny.Create(options);

        var expected = CheckpointRuns.ToEnd(whole, targets);
        var actual = CheckpointRuns.StopAndResume(first, second, targets, iterations, out var checkpoint);

        Assert.NotEmpty(checkpoint.Slots);
        Assert.Contains(checkpoint.Slots, s => s.Steps > 0);
        Assert.All(checkpoint.Slots, s => Assert.Equal(s.Steps, s.Optimizers[0].StepCount));
        Assert.Contains(expected, r => r.Converged); // the stale counters and best objective were carried over
        CheckpointRuns.AssertSame(expected, actual);
    }

    [Fact]
    public void StopAndResume_WhileStallRestartsWait_EqualsTheUninterruptedRun()
    {
        var targets = _tiny.Targets(_tiny.KnownLatents(Images, seed: 8), Images);
        var options = Options(OptimizerKind.RmsProp, steps: 4, targetMse: 1e-9, stallRestarts: 2);
        using var whole = _tiny.Create(options);
        var expected = CheckpointRuns.ToEnd(whole, targets);

        bool sawFinishedRestart = false;
        for (int iterations = 1; iterations < 30; iterations += 2)
        {
            using var first = _tiny.Create(options);
            using var second = _tiny.Create(options);
            var actual = CheckpointRuns.StopAndResume(first, second, targets, iterations, out var checkpoint);

            CheckpointRuns.AssertSame(expected, actual);
            sawFinishedRestart |= checkpoint.Images.Any(i => i.Finished > 0 && i.Best is not null && i.Planned > options.Restarts);
        }

        Assert.All(expected, r => Assert.Equal(3 * 4, r.TotalSteps));
        Assert.True(sawFinishedRestart, "some stop should fall after an image's first restarts finished");
    }

    [Theory]
    [InlineData(PriorHandling.None)]
    [InlineData(PriorHandling.StochasticClip)]
    public void StopAndResume_AfterAReinitialisationOrStochasticClipping_EqualsTheUninterruptedRun(PriorHandling handling)
    {
        // Sqrt(z) is NaN for the negative start of image 0: without a constraint its first step re-draws it from the
        // prior; stochastic clipping re-draws components that leave [0.2, 1] instead. Either way the count and the
        // random stream's position must be carried over.
        using var sqrt = new TinyInversion(CouplingGenerators.SqrtOfLatent(), new UniformPrior(0.2f, 1f));
        float[] known = [0.3f, 0.6f, 0.9f, 0.4f, 0.5f, 0.25f, 0.7f, 0.8f];
        float[] starts = [-0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f];
        var targets = sqrt.Targets(known, 2, initial: starts);
        var options = new InversionOptions
        {
            Steps = 30,
            BatchSize = 2,
            Restarts = 2,
            Seed = 4,
            Loss = LossKind.Mse,
            PriorHandling = handling,
            Initialization = LatentInitialization.Given,
            MaxReinitializations = 3,
            Optimizer = new OptimizerSettings { Kind = OptimizerKind.Adam, LearningRate = 0.2 },
        };
        using var whole = sqrt.Create(options);
        using var first = sqrt.Create(options);
        using var second = sqrt.Create(options);

        var expected = CheckpointRuns.ToEnd(whole, targets);
        var actual = CheckpointRuns.StopAndResume(first, second, targets, 9, out var checkpoint);

        if (handling == PriorHandling.None)
        {
            Assert.Contains(checkpoint.Slots, s => s.Reinitialized == 1 && s.Draws == sqrt.Generator.LatentSize);
            Assert.Equal(1, expected[0].Reinitializations);
        }
        else
        {
            Assert.Contains(checkpoint.Slots, s => s.Restart == 0 && s.Draws > sqrt.Generator.LatentSize);
        }

        CheckpointRuns.AssertSame(expected, actual);
    }

    [Fact]
    public void Resume_AtASmallerBatch_PutsTheExtraJobsBackLater_AndEndsWithinTolerance()
    {
        var targets = _tiny.Targets(_tiny.KnownLatents(Images, seed: 6), Images);
        var options = Options(OptimizerKind.Adam, batch: 4, restarts: 2);
        using var whole = _tiny.Create(options);
        using var first = _tiny.Create(options);
        using var second = _tiny.Create(Options(OptimizerKind.Adam, batch: 1, restarts: 2));

        var expected = CheckpointRuns.ToEnd(whole, targets);
        var actual = CheckpointRuns.StopAndResume(first, second, targets, 5, out var checkpoint);

        Assert.Equal(4, checkpoint.Slots.Length);
        Assert.Equal(expected.Select(r => (r.Index, r.Restart, r.Steps, r.TotalSteps)), actual.Select(r => (r.Index, r.Restart, r.Steps, r.TotalSteps)));
        for (int i = 0; i < expected.Length; i++)
        {
            for (int k = 0; k < expected[i].Latent.Length; k++)
            {
                Assert.Equal(expected[i].Latent[k], actual[i].Latent[k], 1e-4f);
            }
        }
    }

    [Fact]
    public void Snapshot_OfARestoredRun_BeforeAndAfterItsFirstStep_HoldsTheSameJobs()
    {
        var targets = _tiny.Targets(_tiny.KnownLatents(Images, seed: 6), Images);
        var options = Options(OptimizerKind.Adam, restarts: 3);
        using var first = _tiny.Create(options);
        using var second = _tiny.Create(options);

        CheckpointRuns.Stop(first, targets, 7, out var checkpoint);
        var order = CheckpointRuns.Subset(targets, [.. checkpoint.Indices, .. Enumerable.Range(0, Images).Where(i => !checkpoint.Indices.Contains(i))]);
        var restored = second.BeginRun(order, checkpoint);
        var before = restored.Snapshot();
        restored.Step();
        var after = restored.Snapshot();
        second.EndRun();

        Assert.NotEmpty(checkpoint.Pending); // restarts of an image taken, not started yet
        Assert.Same(checkpoint, before); // stopped again before its first step: the same checkpoint is kept
        Assert.Equal(checkpoint.Slots.Length, restored.RestoredJobs);
        Assert.Equal(checkpoint.Slots.Select(s => (s.Index, s.Restart, s.Steps + 1)), after.Slots.Take(checkpoint.Slots.Length).Select(s => (s.Index, s.Restart, s.Steps)));
        Assert.Equal(checkpoint.Images.Select(i => i.Index), after.Images.Select(i => i.Index).Take(checkpoint.Images.Length));
    }

    [Fact]
    public void Resume_FromAFeedThatDoesNotDeliverTheCheckpointsImagesFirst_IsRefusedNamingTheIndex()
    {
        var targets = _tiny.Targets(_tiny.KnownLatents(Images, seed: 6), Images);
        using var first = _tiny.Create(Options(OptimizerKind.Adam));
        using var second = _tiny.Create(Options(OptimizerKind.Adam));
        CheckpointRuns.Stop(first, targets, 3, out var checkpoint);
        var run = second.BeginRun(targets, checkpoint with { Images = [.. checkpoint.Images.Reverse()] });

        var error = Assert.Throws<ArgumentException>(run.Step);
        second.EndRun();

        Assert.Contains($"expected index {checkpoint.Images[^1].Index}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resume_WithAJobThatDoesNotFitTheGenerator_IsRefusedNamingTheImage_AndTheInverterStaysUsable()
    {
        var targets = _tiny.Targets(_tiny.KnownLatents(2, seed: 6), 2);
        var options = Options(OptimizerKind.Adam);
        using var first = _tiny.Create(options);
        using var second = _tiny.Create(Options(OptimizerKind.Sgd));
        CheckpointRuns.Stop(first, targets, 2, out var checkpoint);
        var cut = checkpoint with { Slots = [checkpoint.Slots[0] with { Latents = [[1f, 2f]] }] };

        var wrongSize = Assert.Throws<ArgumentException>(() => CheckpointRuns.ToEnd(first, targets, cut));
        var wrongKind = Assert.Throws<ArgumentException>(() => CheckpointRuns.ToEnd(second, targets, checkpoint));

        Assert.Contains($"image {checkpoint.Slots[0].Index}", wrongSize.Message, StringComparison.Ordinal);
        Assert.Contains("Adam", wrongKind.Message, StringComparison.Ordinal);
        Assert.Equal(2, CheckpointRuns.ToEnd(first, targets).Length);
    }

    private static InversionOptions Options(OptimizerKind kind, int restarts = 1, int batch = 2, int steps = 12, double tolerance = 0, int patience = 20, double targetMse = 0, int stallRestarts = 0) => new()
    {
        Steps = steps,
        BatchSize = batch,
        Restarts = restarts,
        ConvergenceTolerance = tolerance,
        Patience = patience,
        TargetMse = targetMse,
        StallRestarts = stallRestarts,
        Seed = 11,
        Loss = LossKind.Mse,
        Optimizer = new OptimizerSettings { Kind = kind, LearningRate = kind == OptimizerKind.Sgd ? 0.5 : 0.05, Momentum = kind == OptimizerKind.Sgd ? 0.9 : 0 },
    };
}
