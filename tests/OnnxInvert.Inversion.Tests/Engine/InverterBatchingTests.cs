using OnnxInvert.Autodiff.Objective;
using OnnxInvert.Inversion.Constraints;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Optimizers;
using OnnxInvert.Inversion.Priors;
using OnnxInvert.Inversion.Tests.TestUtilities;

namespace OnnxInvert.Inversion.Tests.Engine;

public sealed class InverterBatchingTests
{
    [Fact]
    public async Task ContinuousBatching_MoreImagesThanSlots_GivesTheResultsOfOneBigBatch()
    {
        using var tiny = new TinyInversion();
        var targets = tiny.Targets(tiny.KnownLatents(7, seed: 1), 7);
        var reports = new List<InversionProgress>();
        using var small = tiny.Create(Options(batch: 3));
        using var large = tiny.Create(Options(batch: 7));

        var batched = await TinyInversion.Collect(small, targets, new SyncProgress<InversionProgress>(reports.Add));
        var whole = await TinyInversion.Collect(large, targets);

        Assert.True(small.SamplesIndependent);
        Assert.Equal(Enumerable.Range(0, 7), batched.Select(r => r.Index).Order());
        Assert.All(reports, r => Assert.InRange(r.ActiveSamples, 0, 3));
        foreach (var result in batched)
        {
            var reference = whole.Single(r => r.Index == result.Index);
            Assert.Equal(reference.Steps, result.Steps);
            Assert.Equal(reference.Latent, result.Latent, (a, b) => Math.Abs(a - b) <= 1e-5f);
            Assert.Equal(reference.Loss, result.Loss, 5);
        }
    }

    [Fact]
    public async Task ContinuousBatching_FinishedSlotsAreRefilledAtOnce()
    {
        // With convergence, images finish at different iterations; a refilled batch keeps every slot busy until the
        // queue runs dry, so the batch stays full while images are still waiting.
        using var tiny = new TinyInversion();
        var targets = tiny.Targets(tiny.KnownLatents(9, seed: 2), 9);
        var reports = new List<InversionProgress>();
        var finishedAt = new List<long>();
        using var inverter = tiny.Create(new InversionOptions
        {
            Steps = 1000,
            BatchSize = 2,
            Loss = LossKind.Mse,
            ConvergenceTolerance = 1e-3,
            Patience = 3,
            Optimizer = new OptimizerSettings { Kind = OptimizerKind.Adam, LearningRate = 0.05 },
        });

        await foreach (var result in inverter.InvertAsync(targets, new SyncProgress<InversionProgress>(reports.Add)))
        {
            finishedAt.Add(reports[^1].Iteration);
            Assert.True(result.Converged);
        }

        var waiting = reports.Where(r => r.CompletedImages + r.ActiveSamples < r.TotalImages).ToArray();
        Assert.NotEmpty(waiting);
        Assert.All(waiting, r => Assert.Equal(2, r.ActiveSamples));
        Assert.Equal(9, finishedAt.Count);
        Assert.True(finishedAt.Distinct().Count() > 5, "images converge at different iterations and leave the batch one by one");
        Assert.True(reports[^1].SampleSteps < reports[^1].PlannedSampleSteps);
    }

    [Theory]
    [InlineData("training")]
    [InlineData("reduce")]
    public void CoupledGenerator_IsDetected_AndNamesTheNode(string kind)
    {
        using var tiny = new TinyInversion(kind == "training" ? CouplingGenerators.BatchNormTraining() : CouplingGenerators.BatchMeanCentred());
        using var inverter = tiny.Create(Options(batch: 2));

        Assert.False(inverter.SamplesIndependent);
        var node = Assert.Single(inverter.Coupling);
        Assert.Equal(kind == "training" ? ("bn_train", "BatchNormalization") : ("batch_mean", "ReduceMean"), (node.Name, node.OpType));
    }

    [Fact]
    public void EvalModeBatchNorm_KeepsSamplesIndependent()
    {
        using var tiny = new TinyInversion(CouplingGenerators.BatchNormEval());
        using var inverter = tiny.Create(Options(batch: 2));

        Assert.True(inverter.SamplesIndependent);
        Assert.Empty(inverter.Coupling);
    }

    [Fact]
    public void MomentMatchingOverTheBatch_CouplesSamplesOfAnIndependentGenerator()
    {
        using var tiny = new TinyInversion(prior: new NormalPrior(0, 1));
        using var coupled = tiny.Create(new InversionOptions { Steps = 12, PriorHandling = PriorHandling.MomentMatching, PriorTerms = new PriorTerms(Scope: MomentScope.Batch) });
        using var independent = tiny.Create(new InversionOptions { PriorHandling = PriorHandling.MomentMatching });

        Assert.Empty(coupled.Coupling);
        Assert.False(coupled.SamplesIndependent);
        Assert.True(independent.SamplesIndependent);
    }

    [Theory]
    [InlineData("training")]
    [InlineData("reduce")]
    public async Task CoupledGenerator_RunsEachBatchAsAUnit(string kind)
    {
        // With a convergence tolerance the samples of a unit converge at different steps; a coupled batch keeps the
        // converged ones (frozen) beside the others, and yields the whole unit together.
        using var tiny = new TinyInversion(kind == "training" ? CouplingGenerators.BatchNormTraining() : CouplingGenerators.BatchMeanCentred());
        var targets = tiny.Targets(tiny.KnownLatents(5, seed: 3), 5);
        var reports = new List<InversionProgress>();
        var finishedAt = new Dictionary<int, long>();
        var steps = new Dictionary<int, int>();
        using var inverter = tiny.Create(new InversionOptions
        {
            Steps = 400,
            BatchSize = 2,
            Seed = 1,
            Loss = LossKind.Mse,
            ConvergenceTolerance = 1e-3,
            Patience = 3,
            Optimizer = new OptimizerSettings { Kind = OptimizerKind.Adam, LearningRate = 0.05 },
        });

        await foreach (var result in inverter.InvertAsync(targets, new SyncProgress<InversionProgress>(reports.Add)))
        {
            finishedAt.Add(result.Index, reports[^1].Iteration);
            steps.Add(result.Index, result.Steps);
            Assert.True(float.IsFinite(result.Loss));
        }

        // Units {0,1}, {2,3}, {4}: the members of a unit finish together, and a unit's slots are never refilled early.
        Assert.Equal(Enumerable.Range(0, 5), finishedAt.Keys.Order());
        Assert.Equal(finishedAt[0], finishedAt[1]);
        Assert.Equal(finishedAt[2], finishedAt[3]);
        Assert.True(finishedAt[0] < finishedAt[2] && finishedAt[2] < finishedAt[4]);
        Assert.True(steps[0] != steps[1] || steps[2] != steps[3], "some unit member converged before its partner");
        Assert.All(reports.Where(r => r.CompletedImages < 4), r => Assert.Equal(2, r.ActiveSamples));
    }

    [Fact]
    public async Task CoupledGenerator_ResultsDependOnTheBatchPartner()
    {
        // The reason coupled batches must run as a unit: the same image inverts differently beside another image.
        using var tiny = new TinyInversion(CouplingGenerators.BatchNormTraining());
        var known = tiny.KnownLatents(3, seed: 4);
        var firstTwo = tiny.Targets(known[..8], 2);
        var firstAndThird = tiny.Targets([.. known[..4], .. known[8..]], 2, indices: [0, 2]);
        using var inverter = tiny.Create(Options(batch: 2));

        var a = (await TinyInversion.Collect(inverter, firstTwo)).Single(r => r.Index == 0);
        var b = (await TinyInversion.Collect(inverter, firstAndThird)).Single(r => r.Index == 0);

        Assert.NotEqual(a.Reconstruction, b.Reconstruction);
    }

    private static InversionOptions Options(int batch) => new()
    {
        Steps = 12,
        BatchSize = batch,
        Seed = 1,
        Loss = LossKind.Mse,
        Optimizer = new OptimizerSettings { Kind = OptimizerKind.Adam, LearningRate = 0.05 },
    };
}
