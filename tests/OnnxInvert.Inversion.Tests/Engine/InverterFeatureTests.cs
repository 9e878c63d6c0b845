using OnnxInvert.Autodiff.Objective;
using OnnxInvert.Autodiff.Objective.Features;
using OnnxInvert.Inversion.Constraints;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Inversion.Optimizers;
using OnnxInvert.Inversion.Tests.TestUtilities;

namespace OnnxInvert.Inversion.Tests.Engine;

public sealed class InverterFeatureTests
{
    private static FeatureSpec Feature => new() { Model = TinyFeatureNetworks.Build(), Weight = 0.5, Name = "tiny features" };

    [Fact]
    public async Task TargetFeatures_AreExtractedWhenTargetsEnterSlots_SoTheKnownLatentHasZeroLoss()
    {
        using var tiny = new TinyInversion();
        var known = tiny.KnownLatents(6, seed: 2);
        // Start every sample at the latent that made its target: with the target's features written into its slot,
        // pixel and feature terms are both zero; with missing or misplaced features the feature term would not be.
        var targets = tiny.Targets(known, 6, initial: known);
        using var inverter = tiny.Create(new InversionOptions
        {
            Steps = 1, BatchSize = 4, Loss = LossKind.Mse, Feature = Feature, Initialization = LatentInitialization.Given,
            PriorHandling = PriorHandling.None, Optimizer = new OptimizerSettings { Kind = OptimizerKind.Sgd, LearningRate = 1e-6 },
        });

        var results = await TinyInversion.Collect(inverter, targets);

        Assert.Equal(6, results.Count);
        Assert.All(results, r => Assert.True(r.Loss < 1e-6, $"image {r.Index}: loss {r.Loss}"));
    }

    [Fact]
    public async Task PixelPlusFeatureLoss_InvertsSelfGeneratedTargets()
    {
        using var tiny = new TinyInversion();
        var targets = tiny.Targets(tiny.KnownLatents(5, seed: 4), 5);
        using var inverter = tiny.Create(new InversionOptions
        {
            Steps = 600, BatchSize = 3, Loss = LossKind.Mse, Feature = Feature, Seed = 1,
            Optimizer = new OptimizerSettings { Kind = OptimizerKind.Adam, LearningRate = 0.05 },
        });

        var results = await TinyInversion.Collect(inverter, targets);

        Assert.All(results, r => Assert.True(r.Mse < 1e-3, $"image {r.Index}: mse {r.Mse}"));
    }

    [Fact]
    public void FeatureModelThatDoesNotFit_FailsWithItsName()
    {
        using var tiny = new TinyInversion();
        var f = TinyFeatureNetworks.Build();
        f.Graph.Input[0].Type.TensorType.Shape.Dim[1].DimValue = 2;

        var ex = Assert.Throws<Autodiff.GradientBuildException>(() => tiny.Create(new InversionOptions { Feature = Feature with { Model = f } }));

        Assert.Contains("tiny features", ex.Message);
    }

    [Fact]
    public void NoiseRegularization_ReplacesTheNamedLatentsConstraint_AndUnknownNamesFail()
    {
        using var conditional = new ConditionalInversion();
        var labels = ConditionalInversion.Labels(2);
        var options = new InversionOptions
        {
            Conditions = new Dictionary<string, ConditionValue> { ["y"] = labels },
            NoiseRegularization = new NoiseRegularization(["noise0"]),
        };

        using (var inverter = Inverter.Create(conditional.Generator, options))
        {
            Assert.Contains("noise0: 100000·noise autocorrelation", inverter.Constraint);
        }

        var ex = Assert.Throws<ArgumentException>(() => Inverter.Create(conditional.Generator, new InversionOptions
        {
            Conditions = options.Conditions, NoiseRegularization = new NoiseRegularization(["noise9"]),
        }));
        Assert.Contains("'noise9'", ex.Message);
    }
}
