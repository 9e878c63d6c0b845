using OnnxInvert.Autodiff.Objective;
using OnnxInvert.Inversion.Constraints;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Inversion.Models.Adaptation;
using OnnxInvert.Inversion.Optimizers;
using OnnxInvert.Inversion.Priors;
using OnnxInvert.Inversion.Tests.Models.Adaptation;
using OnnxInvert.Inversion.Tests.TestUtilities;
using OnnxInvert.Imaging;

namespace OnnxInvert.Inversion.Tests.Models;

/// <summary>
/// <see cref="Generator.Open"/> through <see cref="ModelAdapter"/> on the real torch.onnx.export fixtures of
/// Fixtures/adaptation: every pattern opens, generates and inverts its own images.
/// </summary>
public sealed class GeneratorAdaptationTests
{
    public static TheoryData<string> Fixtures => new()
    {
        "latent4d", "nhwc", "flat", "flat_opset9", "uint8_tail", "sigmoid_transpose", "chw_fixed", "hwc_fixed_opset11",
        "fixed_batch1", "fixed_batch1_const", "fixed_batch4", "fixed_batch4-chunked", "fully_conv", "two_latents_label",
        "mapping_synthesis-w",
    };

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task EveryExportPattern_InvertsItsOwnImages_BelowFivePercentOfTheTargetVariance(string fixture)
    {
        const int count = 5;
        var notices = new List<string>();
        using var generator = Open(fixture, notices.Add);
        var latents = generator.Latents.ToDictionary(l => l.Name, l => AdaptationFixtures.Gaussian(count * l.Size, seed: 3).Select(v => 0.7f * v).ToArray(), StringComparer.Ordinal);
        var conditions = Conditions(fixture);
        var targets = new InversionTargets(generator.Generate(latents, count, conditions).Images, count);
        using var inverter = Inverter.Create(generator, new InversionOptions
        {
            Steps = 400,
            BatchSize = 3,
            Loss = LossKind.Mse,
            Optimizer = new OptimizerSettings { Kind = OptimizerKind.Adam, LearningRate = 0.05 },
            PriorHandling = PriorHandling.None,
            Conditions = conditions,
            Restarts = 2,
        });

        var results = await TinyInversion.Collect(inverter, targets);

        double mean = targets.Data.Average(v => (double)v);
        double variance = targets.Data.Average(v => (v - mean) * (v - mean));
        Assert.Equal(count, results.Count);
        Assert.All(results, r => Assert.True(r.Mse < 0.05 * variance, $"{fixture} image {r.Index}: MSE {r.Mse:E3}, 5% of the target variance is {0.05 * variance:E3}"));
        Assert.DoesNotContain(notices, n => n.Contains("range", StringComparison.Ordinal));
    }

    [Fact]
    public void Nhwc_OpensAsNchw_AndGeneratesTheSourceImagesTransposed()
    {
        using var generator = Open("nhwc", _ => { });
        var z = AdaptationFixtures.Gaussian(2 * 8, seed: 1);

        var (images, shape) = generator.Generate(z, 2);

        Assert.Equal(ImageLayout.Nhwc, generator.Layout);
        Assert.Equal([3L, 6, 6], generator.ImageShape);
        Assert.Equal([2L, 3, 6, 6], shape);
        var source = AdaptationFixtures.Run(generator.SourceModel, "image", ("z", z, [2, 8]));
        for (int i = 0; i < 2; i++)
        {
            var expected = AdaptationFixtures.HwcToChw(AdaptationFixtures.Sample(source, i), 6, 6, 3);
            Assert.Equal(expected, images.AsSpan(i * 108, 108).ToArray(), (a, b) => Math.Abs(a - b) <= 1e-6f);
        }
    }

    [Fact]
    public void FixedBatch_RewrittenOrRunPerChunk_GeneratesTheSameImages_AndSaysSoOnce()
    {
        var notices = new List<string>();
        using var rewritten = Open("fixed_batch4", _ => { });
        using var chunked = Open("fixed_batch4-chunked", notices.Add);
        var z = AdaptationFixtures.Gaussian(6 * 8, seed: 2);

        var a = rewritten.Generate(z, 6);
        var b = chunked.Generate(z, 6);

        Assert.Null(rewritten.FixedBatch);
        Assert.Equal(4L, chunked.FixedBatch);
        Assert.Equal([6L, 3, 6, 6], b.Shape);
        Assert.Equal(a.Images, b.Images, (x, y) => Math.Abs(x - y) <= 1e-5f);
        Assert.Single(notices, n => n.Contains("per chunk of 4", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FixedBatchRunPerChunk_InvertsLikeTheRewrittenModel_PaddingChangesNothing()
    {
        const int count = 7;
        using var rewritten = Open("fixed_batch4", _ => { });
        using var chunked = Open("fixed_batch4-chunked", _ => { });
        var targets = new InversionTargets(rewritten.Generate(AdaptationFixtures.Gaussian(count * 8, seed: 4), count).Images, count);
        var options = new InversionOptions { Steps = 60, BatchSize = 5, Loss = LossKind.Mse, Optimizer = new OptimizerSettings { Kind = OptimizerKind.Adam, LearningRate = 0.05 } };
        using var free = Inverter.Create(rewritten, options);
        using var perChunk = Inverter.Create(chunked, options);

        var expected = await TinyInversion.Collect(free, targets);
        var actual = await TinyInversion.Collect(perChunk, targets);

        foreach (var result in actual)
        {
            var reference = expected.Single(r => r.Index == result.Index);
            Assert.Equal(reference.Loss, result.Loss, 4);
            Assert.Equal(reference.Mse, result.Mse, 5);
            Assert.Equal(reference.Latent, result.Latent, (x, y) => Math.Abs(x - y) <= 1e-3f);
        }
    }

    [Fact]
    public async Task CutLatent_PriorMeanInitialization_StartsAtTheMeanOfTheRemovedSubgraph()
    {
        using var generator = Open("mapping_synthesis-w", _ => { });
        float[] mean = generator.MeanOfCut(generator.LatentInput, 1024);
        var targets = new InversionTargets(generator.Generate(AdaptationFixtures.Gaussian(2 * 8, seed: 5), 2).Images, 2);
        using var inverter = Inverter.Create(generator, new InversionOptions
        {
            Steps = 1,
            Optimizer = new OptimizerSettings { Kind = OptimizerKind.Sgd, LearningRate = 1e-12 },
            Initialization = LatentInitialization.PriorMean,
            PriorHandling = PriorHandling.None,
        });

        var results = await TinyInversion.Collect(inverter, targets);

        Assert.True(generator.Adapted.Latents[0].IsCut);
        Assert.Equal("cut-mean(1024 draws)", inverter.Starts[generator.LatentInput].ToString());
        Assert.Contains(mean, v => Math.Abs(v) > 1e-3f);
        Assert.All(results, r => Assert.Equal(mean, r.Latent, (x, y) => Math.Abs(x - y) <= 1e-5f));
    }

    [Fact]
    public void MeanOfCut_OnAGraphInput_IsAClearError()
    {
        using var generator = Open("nhwc", _ => { });

        var ex = Assert.Throws<ArgumentException>(() => generator.MeanOfCut("z", 8));

        Assert.Contains("latent 'z' is a graph input, not a cut point", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UntracedRange_IsOneNotice_AndAGivenRangeNone()
    {
        var notices = new List<string>();
        string path = AdaptationFixtures.PathOf("uint8_tail");
        using (Generator.Open(path, new GeneratorOptions { ImageOutput = "features", ImageShape = [5, 1, 1], Layout = ImageLayout.Flat, Notice = notices.Add }))
        {
        }

        Assert.Single(notices, n => n.Contains("range", StringComparison.Ordinal));
        notices.Clear();
        using (Generator.Open(path, new GeneratorOptions { ImageOutput = "features", ImageShape = [5, 1, 1], Layout = ImageLayout.Flat, OutputRange = new PixelRange(-3, 3), Notice = notices.Add }))
        {
        }

        Assert.DoesNotContain(notices, n => n.Contains("range", StringComparison.Ordinal));
    }

    private static Generator Open(string fixture, Action<string> notice)
    {
        string file = fixture.Split('-')[0];
        var options = new GeneratorOptions { Notice = notice, Prior = new NormalPrior(0, 1) };
        options = fixture switch
        {
            "flat" or "flat_opset9" => options with { ImageShape = [3, 6, 6] },
            "uint8_tail" => options with { ImageOutput = AdaptationFixtures.Tensor("uint8_tail", "image") },
            "fixed_batch4-chunked" => options with { RewriteFixedBatch = false },
            "fully_conv" => options with { TargetSize = (24, 40) },
            "two_latents_label" => options with { Latents = ["z", "noise"] },
            "mapping_synthesis-w" => options with { Latents = [AdaptationFixtures.Tensor("mapping_synthesis", "w")] },
            _ => options,
        };
        return Generator.Open(AdaptationFixtures.PathOf(file), options);
    }

    private static Dictionary<string, ConditionValue> Conditions(string fixture) => fixture == "two_latents_label"
        ? new Dictionary<string, ConditionValue> { ["label"] = ConditionValue.Scalar(3) }
        : [];
}
