using OnnxInvert.Autodiff.Objective;
using OnnxInvert.Inversion.Constraints;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Inversion.Optimizers;
using OnnxInvert.Inversion.Priors;
using OnnxInvert.Inversion.Tests.TestUtilities;

namespace OnnxInvert.Inversion.Tests.Engine;

/// <summary>
/// The loop's steady state allocates no managed memory: once every slot is running, a step (runtime call, prior
/// penalty, optimiser update, projection) reuses the buffers it has. Measured on this thread with
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/> over many steps in which no job finishes.
/// </summary>
public sealed class InversionRunAllocationTests
{
    private const int WarmUpSteps = 5;
    private const int MeasuredSteps = 200;

    public static TheoryData<string> Settings => ["rmsprop clip", "adam ramp stochastic-clip", "sgd momentum", "rmsprop normal moments", "adam normal log-likelihood", "two-latents label adam normal log-likelihood", "feature adam clip", "two-latents label noise-regularised adam normal log-likelihood"];

    [Theory]
    [MemberData(nameof(Settings))]
    public void Step_InSteadyState_AllocatesNothing(string settings)
    {
        var (options, prior) = Options(settings);
        if (settings.StartsWith("two-latents", StringComparison.Ordinal))
        {
            // Two latents (w, noise0) optimised together, a per-image int64 label fed from its own buffer.
            using var conditional = new ConditionalInversion();
            bool noise = settings.Contains("noise-regularised", StringComparison.Ordinal);
            var labels = ConditionalInversion.Labels(4);
            options = new InversionOptions
            {
                Steps = options.Steps,
                BatchSize = options.BatchSize,
                Loss = options.Loss,
                Optimizer = options.Optimizer,
                Prior = options.Prior,
                PriorHandling = options.PriorHandling,
                Conditions = new Dictionary<string, ConditionValue> { ["y"] = labels },
                Latents = new Dictionary<string, LatentSettings> { ["noise0"] = new() { PriorHandling = PriorHandling.MomentMatching } },
                NoiseRegularization = noise ? new NoiseRegularization(["noise0"]) : null,
            };
            using var both = Inverter.Create(conditional.Generator, options);
            Measure(both, conditional.Targets(conditional.KnownLatents(4, seed: 3), 4, labels), settings);
            return;
        }

        if (settings.StartsWith("feature", StringComparison.Ordinal))
        {
            // The feature term: target features fed from per-slot buffers filled when each target entered its slot.
            options = new InversionOptions
            {
                Steps = options.Steps, BatchSize = options.BatchSize, Optimizer = options.Optimizer, Loss = LossKind.Mse,
                Feature = new Autodiff.Objective.Features.FeatureSpec { Model = TinyFeatureNetworks.Build() },
            };
        }

        using var tiny = new TinyInversion(prior: prior);
        var targets = tiny.Targets(tiny.KnownLatents(4, seed: 3), 4);
        using var inverter = tiny.Create(options);
        Measure(inverter, targets, settings);
    }

    private static void Measure(Inverter inverter, InversionTargets targets, string settings)
    {
        var run = inverter.BeginRun(targets);
        try
        {
            for (int i = 0; i < WarmUpSteps; i++)
            {
                run.Step();
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < MeasuredSteps; i++)
            {
                run.Step();
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.Equal(WarmUpSteps + MeasuredSteps, run.Iteration);
            Assert.Equal(4, run.BatchSize);
            Assert.True(allocated == 0, $"{settings}: {allocated} bytes over {MeasuredSteps} steps ({(double)allocated / MeasuredSteps:F1} per step)");
        }
        finally
        {
            inverter.EndRun();
        }
    }

    private static (InversionOptions Options, Prior Prior) Options(string settings)
    {
        string[] words = settings.Split(' ');
        var optimizer = words[0] switch
        {
            "adam" => new OptimizerSettings { Kind = OptimizerKind.Adam, LearningRate = 0.05 },
            "sgd" => new OptimizerSettings { Kind = OptimizerKind.Sgd, LearningRate = 0.05, Momentum = 0.9 },
            _ => new OptimizerSettings { Kind = OptimizerKind.RmsProp, LearningRate = 0.01 },
        };
        bool normal = words.Contains("normal");
        var handling = words switch
        {
            _ when words.Contains("stochastic-clip") => PriorHandling.StochasticClip,
            _ when words.Contains("moments") => PriorHandling.MomentMatching,
            _ when words.Contains("log-likelihood") => PriorHandling.LogLikelihood,
            _ when normal => PriorHandling.None,
            _ => PriorHandling.Clip,
        };
        Prior prior = normal ? new NormalPrior(0, 1) : new UniformPrior(-1, 1);
        return (new InversionOptions
        {
            Steps = 10_000,
            BatchSize = 4,
            Loss = LossKind.Bce,
            Optimizer = optimizer,
            Schedule = words.Contains("ramp") ? new RampSchedule() : LearningRateSchedule.Constant,
            Prior = prior,
            PriorHandling = handling,
        }, prior);
    }
}
