using OnnxInvert.Autodiff.Objective;
using OnnxInvert.Inversion.Constraints;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Inversion.Optimizers;
using OnnxInvert.Inversion.Priors;
using OnnxInvert.Inversion.Tests.Models.Adaptation;
using OnnxInvert.Inversion.Tests.TestUtilities;
using OnnxInvert.Runtime;

namespace OnnxInvert.Inversion.Tests.Engine.Resident;

/// <summary>
/// The device-resident objective run (targets, weights, conditions, features and the image output kept in the
/// session's memory, one IO binding per chunk), forced on the CPU with <see cref="DeviceResidency.On"/>: the same
/// results as the plain path, only latents, gradients and losses crossing per step, a refill copying up only the new
/// slot's target, and no allocation in steady steps.
/// </summary>
public sealed class DeviceResidentInversionTests
{
    private const long FloatBytes = sizeof(float);

    public static TheoryData<string> Cases => ["tiny", "tiny pixel-weights", "tiny target-mse", "tiny feature", "two-latents label", "fixed-batch chunked", "coupled batch-norm"];

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Resident_GivesTheSameResultsAsThePlainPath(string name)
    {
        var (generator, targets, options, dispose) = Case(name);
        using (dispose)
        {
            using var plain = Inverter.Create(generator, options(DeviceResidency.Off));
            using var resident = Inverter.Create(generator, options(DeviceResidency.On));
            Assert.False(plain.Buffers.IsResident);
            Assert.True(resident.Buffers.IsResident);

            var expected = (await TinyInversion.Collect(plain, targets)).OrderBy(r => r.Index).ToList();
            var actual = (await TinyInversion.Collect(resident, targets)).OrderBy(r => r.Index).ToList();

            Assert.Equal(targets.Count, actual.Count);
            for (int i = 0; i < expected.Count; i++)
            {
                Assert.Equal(expected[i].Index, actual[i].Index);
                Assert.Equal(expected[i].Steps, actual[i].Steps);
                Assert.Equal(expected[i].ReachedTarget, actual[i].ReachedTarget);
                Assert.Equal(expected[i].Loss, actual[i].Loss);
                Assert.Equal(expected[i].Reconstruction, actual[i].Reconstruction);
                foreach (var (latent, values) in expected[i].Latents)
                {
                    Assert.Equal(values, actual[i].Latents[latent]);
                }
            }

            if (name.Contains("target-mse", StringComparison.Ordinal))
            {
                Assert.Contains(actual, r => r.ReachedTarget);
            }
        }
    }

    [Fact]
    public void Resident_MovesLatentsUpAndGradientsAndLossesDownPerStep_AndARefillCopiesUpOnlyTheNewTarget()
    {
        using var tiny = new TinyInversion();
        using var inverter = tiny.Create(new InversionOptions { Steps = 4, BatchSize = 2, DeviceResident = DeviceResidency.On });
        long latent = tiny.Generator.LatentSize * FloatBytes;
        long image = inverter.ImageLength * FloatBytes;
        var run = inverter.BeginRun(tiny.Targets(tiny.KnownLatents(3, seed: 5), 3));
        try
        {
            var steps = new List<HostDeviceTransfers>();
            var before = run.Transfers;
            while (!run.IsDone)
            {
                run.Step();
                var now = run.Transfers;
                steps.Add(new(now.HostToDeviceBytes - before.HostToDeviceBytes, now.DeviceToHostBytes - before.DeviceToHostBytes));
                before = now;
            }

            // Step 1 fills both slots: their two targets go up once.
            Assert.Equal(new HostDeviceTransfers((2 * image) + (2 * latent), (2 * latent) + (2 * FloatBytes)), steps[0]);

            // Steady steps: only what the host optimiser needs.
            Assert.All(steps[1..4], s => Assert.Equal(new HostDeviceTransfers(2 * latent, (2 * latent) + (2 * FloatBytes)), s));

            // Step 5: both finish (their two image rows come down for the results) and slot 0 takes the third target:
            // one target row up, not the whole batch.
            Assert.Equal(new HostDeviceTransfers((2 * latent) + image, (2 * latent) + (2 * FloatBytes) + (2 * image)), steps[4]);

            // Then one slot runs alone until it finishes (its image row comes down at the last step).
            Assert.All(steps[5..^1], s => Assert.Equal(new HostDeviceTransfers(latent, latent + FloatBytes), s));
            Assert.Equal(new HostDeviceTransfers(latent, latent + FloatBytes + image), steps[^1]);
            Assert.Equal(10, steps.Count);
            Assert.Equal(run.Transfers, run.Progress.Transfers);
        }
        finally
        {
            inverter.EndRun();
        }
    }

    [Fact]
    public void Plain_OnTheCpu_MovesNothing()
    {
        using var tiny = new TinyInversion();
        using var inverter = tiny.Create(new InversionOptions { Steps = 5, BatchSize = 2 });
        var run = inverter.BeginRun(tiny.Targets(tiny.KnownLatents(3, seed: 5), 3));
        try
        {
            while (!run.IsDone)
            {
                run.Step();
            }

            Assert.False(inverter.Buffers.IsResident);
            Assert.Equal(default, run.Progress.Transfers);
        }
        finally
        {
            inverter.EndRun();
        }
    }

    [Theory]
    [InlineData("tiny")]
    [InlineData("tiny target-mse")]
    [InlineData("tiny feature")]
    [InlineData("two-latents label")]
    public void Resident_InSteadyState_AllocatesNothing(string name)
    {
        var (generator, targets, options, dispose) = Case(name);
        using (dispose)
        {
            var steady = options(DeviceResidency.On);
            using var inverter = Inverter.Create(generator, new InversionOptions
            {
                Steps = 10_000, BatchSize = targets.Count, Loss = steady.Loss, Optimizer = steady.Optimizer, Prior = steady.Prior,
                PriorHandling = steady.PriorHandling, Conditions = steady.Conditions, Latents = steady.Latents, Feature = steady.Feature,
                TargetMse = steady.TargetMse > 0 ? 1e-30 : 0, DeviceResident = DeviceResidency.On,
            });
            var run = inverter.BeginRun(targets);
            try
            {
                for (int i = 0; i < 5; i++)
                {
                    run.Step();
                }

                long before = GC.GetAllocatedBytesForCurrentThread();
                for (int i = 0; i < 200; i++)
                {
                    run.Step();
                }

                long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                Assert.Equal(targets.Count, run.BatchSize);
                Assert.True(allocated == 0, $"{name}: {allocated} bytes over 200 steps");
            }
            finally
            {
                inverter.EndRun();
            }
        }
    }

    [Fact]
    public void DeviceResident_UndefinedValue_IsRejected()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new InversionOptions { DeviceResident = (DeviceResidency)7 });
        Assert.Contains("Auto, On or Off", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>A generator, its targets, options by residency, and what to dispose.</summary>
    private static (Generator Generator, InversionTargets Targets, Func<DeviceResidency, InversionOptions> Options, IDisposable Dispose) Case(string name)
    {
        var adam = new OptimizerSettings { Kind = OptimizerKind.Adam, LearningRate = 0.05 };
        switch (name)
        {
            case "two-latents label":
            {
                var conditional = new ConditionalInversion();
                var labels = ConditionalInversion.Labels(5);
                return (conditional.Generator, conditional.Targets(conditional.KnownLatents(5, seed: 3), 5, labels), residency => new InversionOptions
                {
                    Steps = 30, BatchSize = 3, Loss = LossKind.Mse, Optimizer = adam, Prior = new NormalPrior(0, 1), PriorHandling = PriorHandling.LogLikelihood,
                    Conditions = new Dictionary<string, ConditionValue> { ["y"] = labels },
                    Latents = new Dictionary<string, LatentSettings> { ["noise0"] = new() { PriorHandling = PriorHandling.MomentMatching } },
                    DeviceResident = residency,
                }, conditional);
            }

            case "fixed-batch chunked":
            {
                var generator = Generator.Open(AdaptationFixtures.PathOf("fixed_batch4"), new GeneratorOptions { Prior = new NormalPrior(0, 1), RewriteFixedBatch = false });
                var targets = new InversionTargets(generator.Generate(AdaptationFixtures.Gaussian(7 * 8, seed: 4), 7).Images, 7);
                return (generator, targets, residency => new InversionOptions { Steps = 20, BatchSize = 5, Loss = LossKind.Mse, Optimizer = adam, DeviceResident = residency }, generator);
            }

            default:
            {
                var tiny = new TinyInversion(name.Contains("batch-norm", StringComparison.Ordinal) ? CouplingGenerators.BatchNormTraining() : null);
                var targets = tiny.Targets(tiny.KnownLatents(5, seed: 4), 5);
                bool feature = name.Contains("feature", StringComparison.Ordinal);
                return (tiny.Generator, targets, residency => new InversionOptions
                {
                    Steps = name.Contains("target-mse", StringComparison.Ordinal) ? 400 : 25,
                    BatchSize = 3,
                    Loss = feature ? LossKind.Mse : LossKind.Bce,
                    Optimizer = adam,
                    PixelWeights = name.Contains("pixel-weights", StringComparison.Ordinal) ? [1, 0.5f, 0, 2] : null,
                    TargetMse = name.Contains("target-mse", StringComparison.Ordinal) ? 1e-3 : 0,
                    Feature = feature ? new Autodiff.Objective.Features.FeatureSpec { Model = TinyFeatureNetworks.Build() } : null,
                    DeviceResident = residency,
                }, tiny);
            }
        }
    }
}
