using MathNet.Numerics.Random;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Optimizers;
using OnnxInvert.Inversion.Priors;
using OnnxInvert.Inversion.Tests.TestUtilities;

namespace OnnxInvert.Inversion.Tests.Engine;

/// <summary>Where latents start; the runs take one SGD step with a negligible learning rate, so z* is the start.</summary>
public sealed class InverterInitializationTests : IDisposable
{
    private static readonly OptimizerSettings Frozen = new() { Kind = OptimizerKind.Sgd, LearningRate = 1e-12 };

    private readonly TinyInversion _tiny = new(prior: new UniformPrior(-0.5f, 1.5f));

    public void Dispose() => _tiny.Dispose();

    [Fact]
    public async Task PriorMean_StartsEveryImageAtThePriorsMean()
    {
        var targets = _tiny.Targets(_tiny.KnownLatents(3, seed: 1), 3);
        using var inverter = _tiny.Create(new InversionOptions { Steps = 1, Optimizer = Frozen, Initialization = LatentInitialization.PriorMean });

        var results = await TinyInversion.Collect(inverter, targets);

        Assert.All(results, r => Assert.All(r.Latent, v => Assert.Equal(0.5f, v, 5)));
    }

    [Fact]
    public async Task Given_StartsEachImageAtItsRowOfTheInitialLatents()
    {
        float[] initial = [0.1f, 0.2f, 0.3f, 0.4f, -0.4f, 1.4f, 0f, 0.9f];
        var targets = _tiny.Targets(_tiny.KnownLatents(2, seed: 1), 2, indices: [3, 8], initial: initial);
        using var inverter = _tiny.Create(new InversionOptions { Steps = 1, Optimizer = Frozen, Initialization = LatentInitialization.Given });

        var results = await TinyInversion.Collect(inverter, targets);

        Assert.Equal(initial[..4], results.Single(r => r.Index == 3).Latent, (a, b) => Math.Abs(a - b) < 1e-5f);
        Assert.Equal(initial[4..], results.Single(r => r.Index == 8).Latent, (a, b) => Math.Abs(a - b) < 1e-5f);
    }

    [Fact]
    public async Task Given_WithoutInitialLatents_IsRejected()
    {
        var targets = _tiny.Targets(_tiny.KnownLatents(2, seed: 1), 2);
        using var inverter = _tiny.Create(new InversionOptions { Steps = 1, Initialization = LatentInitialization.Given });

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => TinyInversion.Collect(inverter, targets));

        Assert.Contains("initial latent", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PriorSample_DrawsFromThePriorWithTheImagesOwnSeededStream()
    {
        var targets = _tiny.Targets(_tiny.KnownLatents(3, seed: 1), 3, indices: [0, 5, 9]);
        using var inverter = _tiny.Create(new InversionOptions { Steps = 1, Optimizer = Frozen, Seed = 17 });

        var results = await TinyInversion.Collect(inverter, targets);

        foreach (var result in results)
        {
            var expected = new float[4];
            _tiny.Generator.Prior.Sample(new Xoshiro256StarStar(SeedMixer.Mix(17, result.Index, 0)), expected);
            Assert.Equal(expected, result.Latent, (a, b) => Math.Abs(a - b) < 1e-5f);
            Assert.All(result.Latent, v => Assert.InRange(v, -0.5f, 1.5f));
        }

        Assert.NotEqual(results[0].Latent, results[1].Latent);
    }

    [Fact]
    public void SeedMixer_DependsOnSeedIndexAndRestart()
    {
        int[] seeds = [SeedMixer.Mix(0, 0, 0), SeedMixer.Mix(1, 0, 0), SeedMixer.Mix(0, 1, 0), SeedMixer.Mix(0, 0, 1)];

        Assert.Equal(seeds.Length, seeds.Distinct().Count());
        Assert.All(seeds, s => Assert.True(s >= 0));
        Assert.Equal(SeedMixer.Mix(3, 4, 5), SeedMixer.Mix(3, 4, 5));
    }
}
