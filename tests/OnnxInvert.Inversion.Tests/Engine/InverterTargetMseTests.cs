using OnnxInvert.Autodiff.Objective;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Optimizers;
using OnnxInvert.Inversion.Priors;
using OnnxInvert.Inversion.Tests.TestUtilities;

namespace OnnxInvert.Inversion.Tests.Engine;

/// <summary>Early stop at a target MSE, stall restarts for images that end above it, and rates relative to the prior's scale.</summary>
public sealed class InverterTargetMseTests : IDisposable
{
    private const int Images = 5;
    private const int Steps = 3000;
    private const double Target = 1e-5;

    private readonly TinyInversion _tiny = new();

    public void Dispose() => _tiny.Dispose();

    [Fact]
    public async Task TargetMse_StopsEachImageAsSoonAsItsErrorIsBelowTheTarget()
    {
        var targets = _tiny.Targets(_tiny.KnownLatents(Images, seed: 4), Images);
        using var free = _tiny.Create(Options());
        using var stopped = _tiny.Create(Options(target: Target));

        var full = await TinyInversion.Collect(free, targets);
        var early = await TinyInversion.Collect(stopped, targets);

        Assert.All(full, r => Assert.Equal(Steps, r.Steps));
        Assert.All(full, r => Assert.False(r.ReachedTarget));
        Assert.All(early, r =>
        {
            Assert.True(r.ReachedTarget, $"image {r.Index} ended at MSE {r.Mse}");
            Assert.True(r.Mse <= Target, $"image {r.Index}: MSE {r.Mse} above the target");
            Assert.True(r.Steps < Steps, $"image {r.Index} ran all {r.Steps} steps");
            Assert.Equal(r.Steps, r.TotalSteps);
            Assert.True(r.Seconds > 0);
        });
    }

    [Fact]
    public async Task StallRestarts_RunOnlyForImagesThatEndAboveTheTarget()
    {
        var targets = _tiny.Targets(_tiny.KnownLatents(Images, seed: 4), Images);
        var reports = new List<InversionProgress>();

        // 4 steps reach no target: every image runs its 1 planned restart and then all 2 stall restarts.
        using var stuck = _tiny.Create(Options(steps: 4, target: Target, stallRestarts: 2));
        var results = await TinyInversion.Collect(stuck, targets, new SyncProgress<InversionProgress>(reports.Add));

        Assert.Equal(Enumerable.Range(0, Images), results.Select(r => r.Index).Order());
        Assert.All(results, r =>
        {
            Assert.False(r.ReachedTarget);
            Assert.Equal(3 * 4, r.TotalSteps);
            Assert.InRange(r.Restart, 0, 2);
        });
        Assert.Equal(Images * 3 * 4, reports[^1].SampleSteps);

        // With enough steps every image reaches the target on its first run, and no restart is added.
        using var reaching = _tiny.Create(Options(target: Target, stallRestarts: 2));
        var reached = await TinyInversion.Collect(reaching, targets);
        Assert.All(reached, r =>
        {
            Assert.True(r.ReachedTarget);
            Assert.Equal(0, r.Restart);
            Assert.Equal(r.Steps, r.TotalSteps);
        });
    }

    [Fact]
    public async Task StallRestarts_WithoutATarget_AddNothing()
    {
        var targets = _tiny.Targets(_tiny.KnownLatents(2, seed: 4), 2);
        using var inverter = _tiny.Create(Options(steps: 4, stallRestarts: 3));

        var results = await TinyInversion.Collect(inverter, targets);

        Assert.All(results, r => Assert.Equal(4, r.TotalSteps));
    }

    [Fact]
    public async Task RelativeLearningRate_MultipliesTheRateByThePriorsScale()
    {
        using var wide = new TinyInversion(prior: new UniformPrior(-2, 2));
        var targets = wide.Targets(wide.KnownLatents(3, seed: 7), 3);
        using var absolute = wide.Create(Options(steps: 50, sgdRate: 0.2));
        using var relative = wide.Create(Options(steps: 50, sgdRate: 0.1, relative: true));
        using var unscaled = wide.Create(Options(steps: 50, sgdRate: 0.1));

        var a = (await TinyInversion.Collect(absolute, targets)).OrderBy(r => r.Index).ToList();
        var r = (await TinyInversion.Collect(relative, targets)).OrderBy(r => r.Index).ToList();
        var u = (await TinyInversion.Collect(unscaled, targets)).OrderBy(r => r.Index).ToList();

        for (int i = 0; i < a.Count; i++)
        {
            Assert.Equal(a[i].Latent, r[i].Latent);
            Assert.NotEqual(a[i].Latent, u[i].Latent);
        }
    }

    [Fact]
    public void Options_RejectANegativeTargetOrStallRestarts()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new InversionOptions { TargetMse = -1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new InversionOptions { TargetMse = double.NaN });
        Assert.Throws<ArgumentOutOfRangeException>(() => new InversionOptions { StallRestarts = -1 });
    }

    private static InversionOptions Options(int steps = Steps, double target = 0, int stallRestarts = 0, double? sgdRate = null, bool relative = false) => new()
    {
        Steps = steps,
        TargetMse = target,
        StallRestarts = stallRestarts,
        RelativeLearningRate = relative,
        BatchSize = 2,
        Seed = 5,
        Initialization = LatentInitialization.PriorSample,
        Loss = LossKind.Mse,
        Optimizer = sgdRate is { } rate
            ? new OptimizerSettings { Kind = OptimizerKind.Sgd, LearningRate = rate }
            : new OptimizerSettings { Kind = OptimizerKind.Adam, LearningRate = 0.05 },
        Schedule = LearningRateSchedule.Constant,
    };
}
