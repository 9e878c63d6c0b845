using OnnxInvert.Autodiff.Objective;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Optimizers;
using OnnxInvert.Inversion.Tests.TestUtilities;

namespace OnnxInvert.Inversion.Tests.Engine;

public sealed class InverterReconstructionTests : IDisposable
{
    private readonly TinyInversion _tiny = new();

    public void Dispose() => _tiny.Dispose();

    [Theory]
    [InlineData(OptimizerKind.Adam, LossKind.Mse, 0.05, false)]
    [InlineData(OptimizerKind.RmsProp, LossKind.Bce, 0.01, false)]
    [InlineData(OptimizerKind.Sgd, LossKind.Mse, 1.0, false)]
    [InlineData(OptimizerKind.Adam, LossKind.L1, 0.05, true)]
    public async Task ImagesOfKnownLatents_AreReconstructedClosely(OptimizerKind kind, LossKind loss, double lr, bool ramp)
    {
        float[] known = _tiny.KnownLatents(5, seed: 1);
        var targets = _tiny.Targets(known, 5);
        using var inverter = _tiny.Create(new InversionOptions
        {
            Steps = 400,
            BatchSize = 4,
            Loss = loss,
            Schedule = ramp ? new RampSchedule() : LearningRateSchedule.Constant,
            Optimizer = new OptimizerSettings { Kind = kind, LearningRate = lr, Momentum = kind == OptimizerKind.Sgd ? 0.9 : 0 },
        });

        var results = await TinyInversion.Collect(inverter, targets);

        Assert.Equal(5, results.Count);
        foreach (var result in results)
        {
            Assert.True(result.Mse < 1e-4, $"image {result.Index}: MSE {result.Mse} with {kind}/{loss}");
            Assert.True(result.Psnr > 40, $"image {result.Index}: PSNR {result.Psnr}");
            Assert.False(result.Failed);
            Assert.Equal(400, result.Steps);
            Assert.Equal(0, result.Restart);
        }
    }

    [Fact]
    public async Task Results_ComeOncePerImage_WithItsIndexNameLatentAndReconstruction()
    {
        float[] known = _tiny.KnownLatents(3, seed: 2);
        string[] names = ["a.png", "b.png", "c.png"];
        int[] indices = [10, 4, 7];
        var targets = _tiny.Targets(known, 3, names, indices);
        using var inverter = _tiny.Create(new InversionOptions { Steps = 30, BatchSize = 2, Loss = LossKind.Mse });

        var results = await TinyInversion.Collect(inverter, targets);

        Assert.Equal([4, 7, 10], results.Select(r => r.Index).Order());
        for (int k = 0; k < 3; k++)
        {
            var result = results.Single(r => r.Index == indices[k]);
            Assert.Equal(names[k], result.Source);
            Assert.Equal(inverter.LatentSize, result.Latent.Length);
            Assert.Equal(inverter.ImageLength, result.Reconstruction.Length);

            // The reported reconstruction is G(z*) and the metrics compare it with this image's target.
            var regenerated = _tiny.Generator.Generate(result.Latent, 1).Images;
            Assert.Equal(regenerated, result.Reconstruction, (x, y) => Math.Abs(x - y) < 1e-6f);
            var target = targets.Image(k).ToArray();
            double mse = target.Select((t, p) => (t - result.Reconstruction[p]) * (double)(t - result.Reconstruction[p])).Average();
            double mae = target.Select((t, p) => Math.Abs(t - (double)result.Reconstruction[p])).Average();
            Assert.Equal(mse, result.Mse, 9);
            Assert.Equal(mae, result.Mae, 9);
            Assert.Equal(10 * Math.Log10(1 / mse), result.Psnr, 6);
            Assert.Equal(mse, result.Loss, 5);
        }
    }

    [Fact]
    public async Task SameSeed_GivesIdenticalLatents_OtherSeed_OtherLatents()
    {
        var targets = _tiny.Targets(_tiny.KnownLatents(4, seed: 3), 4);
        InversionOptions Options(int seed) => new() { Steps = 25, BatchSize = 3, Seed = seed };

        float[][] Latents(List<InversionResult> results) => [.. results.OrderBy(r => r.Index).Select(r => r.Latent)];
        using var first = _tiny.Create(Options(5));
        var a = Latents(await TinyInversion.Collect(first, targets));
        var b = Latents(await TinyInversion.Collect(first, targets));
        using var second = _tiny.Create(Options(5));
        var c = Latents(await TinyInversion.Collect(second, targets));
        using var other = _tiny.Create(Options(6));
        var d = Latents(await TinyInversion.Collect(other, targets));

        Assert.Equal(a, b);
        Assert.Equal(a, c);
        Assert.NotEqual(a, d);
    }

    [Fact]
    public async Task Progress_IsReportedEveryIteration_WithCountsThatAddUp()
    {
        var targets = _tiny.Targets(_tiny.KnownLatents(5, seed: 4), 5);
        var reports = new List<InversionProgress>();
        using var inverter = _tiny.Create(new InversionOptions { Steps = 10, BatchSize = 2 });

        var results = await TinyInversion.Collect(inverter, targets, new SyncProgress<InversionProgress>(reports.Add));

        Assert.Equal(Enumerable.Range(1, reports.Count).Select(i => (long)i), reports.Select(r => r.Iteration));
        Assert.All(reports, r => Assert.Equal(5, r.TotalImages));
        Assert.All(reports, r => Assert.InRange(r.ActiveSamples, 0, 2));
        Assert.Equal(5, reports[^1].CompletedImages);
        Assert.Equal(5L * 10, reports[^1].SampleSteps);
        Assert.Equal(5L * 10, reports[^1].PlannedSampleSteps);
        Assert.Equal(TimeSpan.Zero, reports[^1].Remaining);
        Assert.True(reports.Zip(reports.Skip(1)).All(p => p.Second.CompletedImages >= p.First.CompletedImages));
        Assert.Equal(5, results.Count);
    }

    [Fact]
    public async Task TargetsOfAnotherSize_AreRejected()
    {
        using var inverter = _tiny.Create(new InversionOptions { Steps = 5 });
        var targets = new InversionTargets(new float[2 * 9], 2);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => TinyInversion.Collect(inverter, targets));

        Assert.Contains("9 values per image", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnInverterRunsOneInversionAtATime_AndIsFreeAgainAfterwards()
    {
        var targets = _tiny.Targets(_tiny.KnownLatents(4, seed: 5), 4);
        using var inverter = _tiny.Create(new InversionOptions { Steps = 5, BatchSize = 1 });

        await using (var running = inverter.InvertAsync(targets).GetAsyncEnumerator())
        {
            Assert.True(await running.MoveNextAsync());
            await Assert.ThrowsAsync<InvalidOperationException>(() => TinyInversion.Collect(inverter, targets));
        }

        Assert.Equal(4, (await TinyInversion.Collect(inverter, targets)).Count);
    }
}
