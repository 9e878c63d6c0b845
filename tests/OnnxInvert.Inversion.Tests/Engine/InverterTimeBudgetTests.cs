using System.Diagnostics;
using OnnxInvert.Autodiff.Objective;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Optimizers;
using OnnxInvert.Inversion.Tests.TestUtilities;

namespace OnnxInvert.Inversion.Tests.Engine;

/// <summary>The run's time budget, stall restarts until it is spent, and continued runs for images still improving.</summary>
public sealed class InverterTimeBudgetTests : IDisposable
{
    private const int Images = 5;
    private const double Target = 1e-5;

    private readonly TinyInversion _tiny = new();

    public void Dispose() => _tiny.Dispose();

    [Fact]
    public async Task ZeroBudget_GivesEveryImageItsStart_CutShort()
    {
        var targets = _tiny.Targets(_tiny.KnownLatents(Images, seed: 4), Images);
        using var spent = _tiny.Create(Options(steps: 1000, budget: TimeSpan.Zero));

        var results = await TinyInversion.Collect(spent, targets);

        Assert.Equal(Enumerable.Range(0, Images), results.Select(r => r.Index).Order());
        Assert.All(results, r =>
        {
            Assert.True(r.CutShort, $"image {r.Index} was not cut short");
            Assert.Equal(0, r.Steps);
            Assert.Equal(0, r.TotalSteps);
            Assert.False(r.ReachedTarget);
            Assert.True(double.IsFinite(r.Mse));
        });
    }

    [Fact]
    public async Task Budget_StopsALongRunInTime_WithEachImagesBestSoFar()
    {
        var targets = _tiny.Targets(_tiny.KnownLatents(Images, seed: 4), Images);
        using var starts = _tiny.Create(Options(steps: 1000, budget: TimeSpan.Zero));
        using var budgeted = _tiny.Create(Options(steps: 50_000_000, budget: TimeSpan.FromSeconds(1), batch: Images));

        var start = (await TinyInversion.Collect(starts, targets)).ToDictionary(r => r.Index);
        var clock = Stopwatch.StartNew();
        var results = await TinyInversion.Collect(budgeted, targets);
        clock.Stop();

        // Without the budget this run would take hours; with it, one second and the steps that finish it.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"the run took {clock.Elapsed}");
        Assert.Equal(Images, results.Count);
        Assert.All(results, r =>
        {
            Assert.True(r.CutShort);
            Assert.True(r.Steps > 0, $"image {r.Index} ran no step");
            Assert.True(r.Mse < start[r.Index].Mse, $"image {r.Index}: MSE {r.Mse} not below its start's {start[r.Index].Mse}");
            Assert.True(r.Seconds >= 1, $"image {r.Index} finished at {r.Seconds} s, before the budget");
        });
    }

    [Fact]
    public async Task AmpleBudget_ChangesNoResult()
    {
        var targets = _tiny.Targets(_tiny.KnownLatents(Images, seed: 4), Images);
        using var plain = _tiny.Create(Options(steps: 40, target: Target, stallRestarts: 2));
        using var budgeted = _tiny.Create(Options(steps: 40, target: Target, stallRestarts: 2, budget: TimeSpan.FromHours(1)));

        var a = (await TinyInversion.Collect(plain, targets)).OrderBy(r => r.Index).ToList();
        var b = (await TinyInversion.Collect(budgeted, targets)).OrderBy(r => r.Index).ToList();

        for (int i = 0; i < a.Count; i++)
        {
            Assert.Equal(a[i].Latent, b[i].Latent);
            Assert.Equal(a[i].Reconstruction, b[i].Reconstruction);
            Assert.Equal(a[i].TotalSteps, b[i].TotalSteps);
            Assert.Equal(a[i].Restart, b[i].Restart);
            Assert.False(b[i].CutShort);
        }
    }

    [Fact]
    public async Task StallRestartsUntilBudget_GoOnUntilItIsSpent()
    {
        var targets = _tiny.Targets(_tiny.KnownLatents(Images, seed: 4), Images);

        // 4 steps reach no target: every image restarts again and again until the budget ends it.
        using var inverter = _tiny.Create(Options(steps: 4, target: Target, stallRestarts: InversionOptions.UntilBudget, budget: TimeSpan.FromSeconds(1), batch: Images));
        var results = await TinyInversion.Collect(inverter, targets);

        Assert.Equal(Images, results.Count);
        Assert.All(results, r =>
        {
            Assert.True(r.CutShort);
            Assert.False(r.ReachedTarget);
            Assert.True(r.TotalSteps > 10 * 4, $"image {r.Index} ran only {r.TotalSteps} steps in a second");
        });
    }

    [Fact]
    public async Task Budget_QueuedImagesGoBeforeFurtherStallRestarts()
    {
        var targets = _tiny.Targets(_tiny.KnownLatents(Images, seed: 4), Images);

        // Batch 2 for 5 images: the first two images' stall restarts must not keep the other three out of the batch.
        using var inverter = _tiny.Create(Options(steps: 4, target: Target, stallRestarts: InversionOptions.UntilBudget, budget: TimeSpan.FromSeconds(1)));
        var results = await TinyInversion.Collect(inverter, targets);

        Assert.All(results, r => Assert.True(r.TotalSteps > 4, $"image {r.Index} ran {r.TotalSteps} steps"));
    }

    [Fact]
    public void StallRestartsUntilBudget_WithoutABudget_IsAnError()
    {
        var error = Assert.Throws<ArgumentException>(() => _tiny.Create(Options(steps: 4, target: Target, stallRestarts: InversionOptions.UntilBudget)));
        Assert.Contains("time budget", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ContinueRate_ContinuesImagesStillImproving_WhereFreshDrawsNeverGetThere()
    {
        var targets = _tiny.Targets(_tiny.KnownLatents(Images, seed: 4), Images);

        // 20 steps rarely reach the target from a prior draw; an image still improving at the end of its run
        // continues from there and gets there over a few runs.
        using var fresh = _tiny.Create(Options(steps: 20, target: Target, stallRestarts: 30));
        using var continued = _tiny.Create(Options(steps: 20, target: Target, stallRestarts: 30, continueRate: 1));

        var a = await TinyInversion.Collect(fresh, targets);
        var b = await TinyInversion.Collect(continued, targets);

        Assert.True(a.Count(r => r.ReachedTarget) < Images, "every image reached the target from fresh draws");
        Assert.True(b.Sum(r => r.TotalSteps) < a.Sum(r => r.TotalSteps), "continuing took more steps than fresh draws");
        Assert.All(b, r =>
        {
            Assert.True(r.ReachedTarget, $"image {r.Index} ended at MSE {r.Mse}");
            Assert.True(r.Restart >= 1, $"image {r.Index} reached it in its first run");
            Assert.Equal((20 * r.Restart) + r.Steps, r.TotalSteps);
        });
    }

    [Fact]
    public void Options_RejectANegativeBudgetOrContinueRate()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new InversionOptions { TimeBudget = TimeSpan.FromSeconds(-1) });
        Assert.Throws<ArgumentOutOfRangeException>(() => new InversionOptions { ContinueRate = -0.5 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new InversionOptions { ContinueRate = double.NaN });
    }

    private static InversionOptions Options(int steps, double target = 0, int stallRestarts = 0, TimeSpan? budget = null, double continueRate = 0, int batch = 2) => new()
    {
        Steps = steps,
        TargetMse = target,
        StallRestarts = stallRestarts,
        TimeBudget = budget,
        ContinueRate = continueRate,
        BatchSize = batch,
        Seed = 5,
        Initialization = LatentInitialization.PriorSample,
        Loss = LossKind.Mse,
        Optimizer = new OptimizerSettings { Kind = OptimizerKind.Adam, LearningRate = 0.05 },
        Schedule = LearningRateSchedule.Constant,
    };
}
