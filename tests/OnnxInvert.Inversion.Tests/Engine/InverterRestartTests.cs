using MathNet.Numerics.Random;
using OnnxInvert.Autodiff.Objective;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Optimizers;
using OnnxInvert.Inversion.Tests.TestUtilities;

namespace OnnxInvert.Inversion.Tests.Engine;

public sealed class InverterRestartTests : IDisposable
{
    private const int Restarts = 4;
    private const int Seed = 3;

    private readonly TinyInversion _tiny = new();

    public void Dispose() => _tiny.Dispose();

    [Fact]
    public async Task TheReportedRestart_IsTheOneWithTheLowestFinalLoss()
    {
        var known = _tiny.KnownLatents(3, seed: 9);
        var targets = _tiny.Targets(known, 3);
        var options = Options(Restarts, LatentInitialization.PriorSample);
        using var inverter = _tiny.Create(options);

        var results = await TinyInversion.Collect(inverter, targets);

        // Each restart r of image i starts from the prior draw of stream (seed, i, r); replaying those starts one by one
        // (as given latents) gives the loss every restart ended with.
        using var single = _tiny.Create(Options(1, LatentInitialization.Given));
        bool sawLaterRestart = false;
        foreach (var result in results)
        {
            var losses = new float[Restarts];
            for (int r = 0; r < Restarts; r++)
            {
                var start = new float[4];
                _tiny.Generator.Prior.Sample(new Xoshiro256StarStar(SeedMixer.Mix(Seed, result.Index, r)), start);
                var replay = _tiny.Targets(known.AsSpan(result.Index * 4, 4).ToArray(), 1, indices: [result.Index], initial: start);
                losses[r] = (await TinyInversion.Collect(single, replay)).Single().Loss;
            }

            int best = Array.IndexOf(losses, losses.Min());
            Assert.Equal(best, result.Restart);
            Assert.Equal(losses[best], result.Loss, 6);
            Assert.True(losses.Distinct().Count() > 1, "restarts from different starts should end differently");
            sawLaterRestart |= result.Restart > 0;
        }

        Assert.True(sawLaterRestart, "with few steps at least one image should be won by a restart after the first");
    }

    [Fact]
    public async Task Restarts_GiveOneResultPerImage_AndPlanImagesTimesRestartsTimesSteps()
    {
        var targets = _tiny.Targets(_tiny.KnownLatents(3, seed: 2), 3);
        var reports = new List<InversionProgress>();
        using var inverter = _tiny.Create(Options(Restarts, LatentInitialization.PriorSample));

        var results = await TinyInversion.Collect(inverter, targets, new SyncProgress<InversionProgress>(reports.Add));

        Assert.Equal([0, 1, 2], results.Select(r => r.Index).Order());
        Assert.Equal(3L * Restarts * 8, reports[^1].PlannedSampleSteps);
        Assert.Equal(3L * Restarts * 8, reports[^1].SampleSteps);
    }

    [Fact]
    public void JobOutcome_LowerFiniteLossWins_NaNLoses()
    {
        JobOutcome Outcome(float loss, bool reached = false) => new(0, [], [], loss, 0, 1, false, reached);

        Assert.True(Outcome(1).Beats(null));
        Assert.True(Outcome(1).Beats(Outcome(2)));
        Assert.False(Outcome(2).Beats(Outcome(1)));
        Assert.False(Outcome(1).Beats(Outcome(1)));
        Assert.True(Outcome(5).Beats(Outcome(float.NaN)));
        Assert.False(Outcome(float.NaN).Beats(Outcome(5)));
        Assert.True(Outcome(float.NaN).Beats(null));
        Assert.True(Outcome(2, reached: true).Beats(Outcome(1)));
        Assert.False(Outcome(1).Beats(Outcome(2, reached: true)));
        Assert.True(Outcome(1, reached: true).Beats(Outcome(2, reached: true)));
    }

    private static InversionOptions Options(int restarts, LatentInitialization init) => new()
    {
        Steps = 8,
        BatchSize = 2,
        Restarts = restarts,
        Seed = Seed,
        Initialization = init,
        Loss = LossKind.Mse,
        Optimizer = new OptimizerSettings { Kind = OptimizerKind.Sgd, LearningRate = 0.05 },
    };
}
