using OnnxInvert.Autodiff.Objective;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Optimizers;
using OnnxInvert.Inversion.Tests.TestUtilities;

namespace OnnxInvert.Inversion.Tests.Engine;

public sealed class InverterConvergenceTests : IDisposable
{
    private readonly TinyInversion _tiny = new();

    public void Dispose() => _tiny.Dispose();

    [Fact]
    public async Task Tolerance_StopsASampleWhoseObjectiveStalledForPatienceSteps()
    {
        var targets = _tiny.Targets(_tiny.KnownLatents(4, seed: 1), 4);
        using var inverter = _tiny.Create(Options(tolerance: 1e-3, patience: 5));

        var results = await TinyInversion.Collect(inverter, targets);

        Assert.Equal(4, results.Count);
        Assert.All(results, r =>
        {
            Assert.True(r.Converged, $"image {r.Index} did not converge");
            Assert.InRange(r.Steps, 5, 1999);
        });
    }

    [Fact]
    public async Task LongerPatience_RunsMoreSteps()
    {
        var targets = _tiny.Targets(_tiny.KnownLatents(2, seed: 1), 2);
        using var impatient = _tiny.Create(Options(tolerance: 1e-3, patience: 3));
        using var patient = _tiny.Create(Options(tolerance: 1e-3, patience: 40));

        var quick = (await TinyInversion.Collect(impatient, targets)).OrderBy(r => r.Index).ToArray();
        var slow = (await TinyInversion.Collect(patient, targets)).OrderBy(r => r.Index).ToArray();

        for (int i = 0; i < 2; i++)
        {
            Assert.True(slow[i].Steps >= quick[i].Steps + 37, $"image {i}: {slow[i].Steps} steps with patience 40, {quick[i].Steps} with 3");
        }
    }

    [Fact]
    public async Task ZeroTolerance_RunsEveryStep_AndNeverReportsConvergence()
    {
        var targets = _tiny.Targets(_tiny.KnownLatents(2, seed: 1), 2);
        using var inverter = _tiny.Create(Options(tolerance: 0, patience: 1));

        var results = await TinyInversion.Collect(inverter, targets);

        Assert.All(results, r =>
        {
            Assert.False(r.Converged);
            Assert.Equal(2000, r.Steps);
        });
    }

    private static InversionOptions Options(double tolerance, int patience) => new()
    {
        Steps = 2000,
        BatchSize = 4,
        Loss = LossKind.Mse,
        ConvergenceTolerance = tolerance,
        Patience = patience,
        Optimizer = new OptimizerSettings { Kind = OptimizerKind.Adam, LearningRate = 0.05 },
    };
}
