using OnnxInvert.Autodiff.Objective;
using OnnxInvert.Inversion.Constraints;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Optimizers;
using OnnxInvert.Inversion.Priors;
using OnnxInvert.Inversion.Tests.TestUtilities;

namespace OnnxInvert.Inversion.Tests.Engine;

/// <summary>
/// A generator computing Sqrt(z) is NaN for a negative latent component. Starting an image from a given negative latent
/// (no constraint, so nothing projects it) makes its first loss NaN; the engine re-draws it from the prior U[0.2, 1].
/// </summary>
public sealed class InverterReinitializationTests : IDisposable
{
    private static readonly float[] Known = [0.3f, 0.6f, 0.9f, 0.4f, 0.5f, 0.25f, 0.7f, 0.8f];
    private static readonly float[] Starts = [-0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f];

    private readonly TinyInversion _tiny = new(CouplingGenerators.SqrtOfLatent(), new UniformPrior(0.2f, 1f));

    public void Dispose() => _tiny.Dispose();

    [Fact]
    public async Task NaNLoss_ReinitialisesTheSample_CountsIt_AndTheImageStillInverts()
    {
        var targets = _tiny.Targets(Known, 2, initial: Starts);
        var reports = new List<InversionProgress>();
        using var inverter = _tiny.Create(Options(maxReinit: 3));

        var results = (await TinyInversion.Collect(inverter, targets, new SyncProgress<InversionProgress>(reports.Add))).OrderBy(r => r.Index).ToArray();

        Assert.Equal(1, results[0].Reinitializations);
        Assert.Equal(0, results[1].Reinitializations);
        Assert.Equal(1, reports[^1].Reinitializations);
        Assert.All(results, r => Assert.False(r.Failed));
        Assert.All(results, r => Assert.True(float.IsFinite(r.Loss) && r.Latent.All(float.IsFinite)));
        Assert.Equal(20, results[0].Steps);
        Assert.All(results[0].Latent, v => Assert.True(v > 0));
    }

    [Fact]
    public async Task NoReinitialisationsAllowed_TheImageFails_WithANaNLoss()
    {
        var targets = _tiny.Targets(Known, 2, initial: Starts);
        using var inverter = _tiny.Create(Options(maxReinit: 0));

        var results = (await TinyInversion.Collect(inverter, targets)).OrderBy(r => r.Index).ToArray();

        Assert.True(results[0].Failed);
        Assert.True(float.IsNaN(results[0].Loss));
        Assert.Equal(0, results[0].Reinitializations);
        Assert.Equal(0, results[0].Steps);
        Assert.False(results[1].Failed);
    }

    private static InversionOptions Options(int maxReinit) => new()
    {
        Steps = 20,
        BatchSize = 2,
        Loss = LossKind.Mse,
        PriorHandling = PriorHandling.None,
        Initialization = LatentInitialization.Given,
        MaxReinitializations = maxReinit,
        Optimizer = new OptimizerSettings { Kind = OptimizerKind.Sgd, LearningRate = 0.01 },
    };
}
