using OnnxInvert.Autodiff.Objective;
using OnnxInvert.Inversion.Constraints;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Engine.Starts;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Inversion.Optimizers;
using OnnxInvert.Inversion.Priors;
using OnnxInvert.Inversion.Tests.TestUtilities;

namespace OnnxInvert.Inversion.Tests.Engine;

/// <summary>Several latents optimised together and a class label held fixed (<see cref="ConditionalGenerators"/>).</summary>
public sealed class InverterConditionTests : IDisposable
{
    private readonly ConditionalInversion _model = new();

    public void Dispose() => _model.Dispose();

    [Fact]
    public async Task TwoLatentsAndALabel_RecoverSelfGeneratedImages()
    {
        const int count = 6;
        var labels = ConditionalInversion.Labels(count);
        var targets = _model.Targets(_model.KnownLatents(count, seed: 1), count, labels);
        using var inverter = Inverter.Create(_model.Generator, Options(batch: 4, labels));

        var results = await TinyInversion.Collect(inverter, targets);

        double mean = targets.Data.Average(v => (double)v);
        double variance = targets.Data.Average(v => (v - mean) * (v - mean));
        Assert.Equal(count, results.Count);
        Assert.All(results, r =>
        {
            Assert.Equal(["w", "noise0"], r.Latents.Keys);
            Assert.Equal(8, r.Latents["w"].Length);
            Assert.Equal(16, r.Latents["noise0"].Length);
            Assert.Same(r.Latents["w"], r.Latent);
            Assert.True(r.Mse < 0.05 * variance / 4, $"image {r.Index}: MSE {r.Mse:E3}, a quarter of 5% of the target variance is {0.05 * variance / 4:E3}");
        });
        Assert.Equal(["w", "noise0"], inverter.Latents.Select(l => l.Name));
    }

    [Fact]
    public async Task PerImageLabels_FollowTheirImagesThroughRefills_BatchOneEqualsBatchThree()
    {
        const int count = 5;
        var labels = ConditionalInversion.Labels(count);
        var targets = _model.Targets(_model.KnownLatents(count, seed: 2), count, labels);
        using var single = Inverter.Create(_model.Generator, Options(batch: 1, labels, steps: 40));
        using var three = Inverter.Create(_model.Generator, Options(batch: 3, labels, steps: 40));

        var one = await TinyInversion.Collect(single, targets);
        var batched = await TinyInversion.Collect(three, targets);

        foreach (var result in batched)
        {
            var reference = one.Single(r => r.Index == result.Index);
            Assert.Equal(reference.Loss, result.Loss, 5);
            Assert.Equal(reference.Latents["w"], result.Latents["w"], (a, b) => Math.Abs(a - b) <= 1e-5f);
            Assert.Equal(reference.Latents["noise0"], result.Latents["noise0"], (a, b) => Math.Abs(a - b) <= 1e-5f);
        }
    }

    [Fact]
    public async Task WrongLabels_GiveAWorseFit_SoTheLabelsReachTheGraph()
    {
        const int count = 4;
        var labels = ConditionalInversion.Labels(count);
        var targets = _model.Targets(_model.KnownLatents(count, seed: 3), count, labels);
        using var right = Inverter.Create(_model.Generator, Options(batch: 4, labels, steps: 60));
        using var shifted = Inverter.Create(_model.Generator, Options(batch: 4, ConditionValue.FromRows([1, 2, 3, 0], count), steps: 60));

        double rightLoss = (await TinyInversion.Collect(right, targets)).Average(r => r.Loss);
        double wrongLoss = (await TinyInversion.Collect(shifted, targets)).Average(r => r.Loss);

        Assert.True(wrongLoss > rightLoss, $"loss with the right labels {rightLoss}, with shifted labels {wrongLoss}");
    }

    [Fact]
    public async Task ScalarLabel_IsBroadcastToEveryImage()
    {
        const int count = 3;
        var targets = _model.Targets(_model.KnownLatents(count, seed: 4), count, ConditionValue.Scalar(2));
        using var scalar = Inverter.Create(_model.Generator, Options(batch: 3, ConditionValue.Scalar(2), steps: 20));
        using var rows = Inverter.Create(_model.Generator, Options(batch: 3, ConditionValue.FromRows([2, 2, 2], count), steps: 20));

        var a = await TinyInversion.Collect(scalar, targets);
        var b = await TinyInversion.Collect(rows, targets);

        Assert.Equal(b.OrderBy(r => r.Index).Select(r => r.Loss), a.OrderBy(r => r.Index).Select(r => r.Loss));
    }

    [Fact]
    public void PerLatentSettings_EachLatentGetsItsOwnPriorAndStart()
    {
        var options = new InversionOptions
        {
            Steps = 1,
            Conditions = new Dictionary<string, ConditionValue> { ["y"] = ConditionValue.Scalar(0) },
            Latents = new Dictionary<string, LatentSettings> { ["noise0"] = new() { Prior = new NormalPrior(0, 0.5f), Start = LatentStart.PriorMean, PriorHandling = PriorHandling.None } },
        };

        using var inverter = Inverter.Create(_model.Generator, options);

        Assert.Equal("normal:0,1", inverter.Latents[0].Prior.ToString());
        Assert.Equal("normal:0,0.5", inverter.Latents[1].Prior.ToString());
        Assert.Equal("prior-draw", inverter.Starts["w"].ToString());
        Assert.Equal("prior-mean", inverter.Starts["noise0"].ToString());
        Assert.Equal("w: -0.01·log P(z); noise0: none", inverter.Constraint);
    }

    [Fact]
    public async Task GivenStartAndPriorMean_StartEachLatentWhereItSays()
    {
        const int count = 2;
        float[] given = [.. Enumerable.Range(0, count * 8).Select(i => i / 20f)];
        var targets = _model.Targets(_model.KnownLatents(count, seed: 5), count, ConditionValue.Scalar(1));
        using var inverter = Inverter.Create(_model.Generator, new InversionOptions
        {
            Steps = 1,
            Optimizer = new OptimizerSettings { Kind = OptimizerKind.Sgd, LearningRate = 1e-12 },
            Start = LatentStart.PriorMean,
            Conditions = new Dictionary<string, ConditionValue> { ["y"] = ConditionValue.Scalar(1) },
            Latents = new Dictionary<string, LatentSettings> { ["w"] = new() { Start = LatentStart.Given(given) } },
        });

        var results = await TinyInversion.Collect(inverter, targets);

        foreach (var result in results)
        {
            Assert.Equal(given.AsSpan(result.Index * 8, 8).ToArray(), result.Latents["w"], (a, b) => Math.Abs(a - b) < 1e-5f);
            Assert.All(result.Latents["noise0"], v => Assert.Equal(0, v, 5));
        }
    }

    [Fact]
    public void MissingLabel_IsAClearErrorNamingTheInputItsTypeAndShape()
    {
        var ex = Assert.Throws<ArgumentException>(() => Inverter.Create(_model.Generator, new InversionOptions { Steps = 1 }));

        Assert.Contains("'y' (Int64 [batch])", ex.Message, StringComparison.Ordinal);
        Assert.Contains("neither a latent nor given a value", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fraction", "takes a whole number")]
    [InlineData("two-per-image", "takes 1 value(s) per image; the value given has 3 row(s) of 2")]
    [InlineData("unknown-input", "a condition value is given for 'label'")]
    [InlineData("latent", "'noise0', but it is a latent")]
    public void WrongConditionValue_IsAClearError(string kind, string expected)
    {
        var conditions = kind switch
        {
            "fraction" => new Dictionary<string, ConditionValue> { ["y"] = ConditionValue.Scalar(1.5) },
            "two-per-image" => new Dictionary<string, ConditionValue> { ["y"] = ConditionValue.FromRows([0, 1, 2, 3, 0, 1], 3) },
            "unknown-input" => new Dictionary<string, ConditionValue> { ["y"] = ConditionValue.Scalar(1), ["label"] = ConditionValue.Scalar(1) },
            _ => new Dictionary<string, ConditionValue> { ["y"] = ConditionValue.Scalar(1), ["noise0"] = ConditionValue.Scalar(0) },
        };

        var ex = Assert.Throws<ArgumentException>(() => Inverter.Create(_model.Generator, new InversionOptions { Steps = 1, Conditions = conditions }));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LabelOutOfItsTypesRange_IsRejected()
    {
        using var model = new ConditionalInversion();
        var ex = Assert.Throws<ArgumentException>(() => Inverter.Create(model.Generator, new InversionOptions
        {
            Steps = 1,
            Conditions = new Dictionary<string, ConditionValue> { ["y"] = ConditionValue.Scalar(1e30) },
        }));

        Assert.Contains("'y' (Int64 [batch])", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PerImageRowsForADifferentNumberOfImages_AreRejectedWhenTheRunBegins()
    {
        var targets = _model.Targets(_model.KnownLatents(3, seed: 6), 3, ConditionValue.Scalar(0));
        using var inverter = Inverter.Create(_model.Generator, Options(batch: 2, ConditionValue.FromRows([0, 1], 2), steps: 1));

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => TinyInversion.Collect(inverter, targets));

        Assert.Contains("was given 2 rows; it needs one row shared by every image or one per image (3)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SettingsForAnUnknownLatent_AreRejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => Inverter.Create(_model.Generator, new InversionOptions
        {
            Conditions = new Dictionary<string, ConditionValue> { ["y"] = ConditionValue.Scalar(0) },
            Latents = new Dictionary<string, LatentSettings> { ["z"] = new() { Start = LatentStart.PriorMean } },
        }));

        Assert.Contains("InversionOptions.Latents names 'z', which is not a latent of the generator (latents: w, noise0)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LabelDeclaredAsAColumn_IsFedAsOneValuePerImage()
    {
        using var model = new ConditionalInversion(ConditionalGenerators.Build(["batch", 1]));
        const int count = 4;
        var labels = ConditionalInversion.Labels(count);
        var targets = model.Targets(model.KnownLatents(count, seed: 7), count, labels);
        using var inverter = Inverter.Create(model.Generator, Options(batch: 4, labels, steps: 30));

        var results = await TinyInversion.Collect(inverter, targets);

        Assert.Equal(count, results.Count);
        Assert.All(results, r => Assert.True(float.IsFinite(r.Loss)));
    }

    [Fact]
    public async Task Restarts_KeepTheBestOfEveryLatentTogether()
    {
        const int count = 3;
        var labels = ConditionalInversion.Labels(count);
        var targets = _model.Targets(_model.KnownLatents(count, seed: 8), count, labels);
        using var once = Inverter.Create(_model.Generator, Options(batch: 2, labels, steps: 30));
        using var thrice = Inverter.Create(_model.Generator, new InversionOptions
        {
            Steps = 30,
            BatchSize = 2,
            Loss = LossKind.Mse,
            Seed = 11,
            Restarts = 3,
            Optimizer = new OptimizerSettings { Kind = OptimizerKind.Adam, LearningRate = 0.05 },
            Conditions = new Dictionary<string, ConditionValue> { ["y"] = labels },
        });

        var single = await TinyInversion.Collect(once, targets);
        var best = await TinyInversion.Collect(thrice, targets);

        foreach (var result in best)
        {
            var first = single.Single(r => r.Index == result.Index);
            Assert.True(result.Loss <= first.Loss, $"image {result.Index}: best of 3 restarts {result.Loss} vs restart 0 {first.Loss}");
            var (image, _) = _model.Generator.Generate(
                new Dictionary<string, float[]> { ["w"] = result.Latents["w"], ["noise0"] = result.Latents["noise0"] },
                1,
                new Dictionary<string, ConditionValue> { ["y"] = ConditionValue.Scalar(result.Index % ConditionalGenerators.Classes) });
            Assert.Equal(result.Reconstruction, image, (a, b) => Math.Abs(a - b) <= 1e-3f);
        }
    }

    [Fact]
    public void EncoderStart_IsCheckedAgainstTheLatentItFills()
    {
        using var encoder = LatentEncoder.FromModel(TinyEncoders.Flatten(imageDims: [1, 4, 4], latent: 16));

        var ex = Assert.Throws<ArgumentException>(() => Inverter.Create(_model.Generator, new InversionOptions
        {
            Conditions = new Dictionary<string, ConditionValue> { ["y"] = ConditionValue.Scalar(0) },
            Latents = new Dictionary<string, LatentSettings> { ["w"] = new() { Start = LatentStart.FromEncoder(encoder) } },
        }));

        Assert.Contains("expected [B, 8]", ex.Message, StringComparison.Ordinal);
    }

    private static InversionOptions Options(int batch, ConditionValue labels, int steps = 400) => new()
    {
        Steps = steps,
        BatchSize = batch,
        Loss = LossKind.Mse,
        Seed = 11,
        Optimizer = new OptimizerSettings { Kind = OptimizerKind.Adam, LearningRate = 0.05 },
        Conditions = new Dictionary<string, ConditionValue> { ["y"] = labels },
    };
}
