using OnnxInvert.Autodiff.Objective;
using OnnxInvert.Inversion.Constraints;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Optimizers;

namespace OnnxInvert.Inversion.Tests.Engine;

public sealed class InversionOptionsTests
{
    [Fact]
    public void Defaults_FollowTheJournalPaper()
    {
        var options = new InversionOptions();

        Assert.Equal(500, options.Steps);
        Assert.Equal(32, options.BatchSize);
        Assert.Equal(LossKind.Bce, options.Loss);
        Assert.Equal(OptimizerKind.RmsProp, options.Optimizer.Kind);
        Assert.Equal(0.01, options.Optimizer.LearningRate);
        Assert.Same(LearningRateSchedule.Constant, options.Schedule);
        Assert.Equal(PriorHandling.Auto, options.PriorHandling);
        Assert.Equal(0.01, options.PriorTerms.Beta);
        Assert.Equal(LatentInitialization.PriorSample, options.Initialization);
        Assert.Equal(1, options.Restarts);
        Assert.Equal(0, options.ConvergenceTolerance);
        Assert.Equal(20, options.Patience);
        Assert.Equal(3, options.MaxReinitializations);
    }

    [Fact]
    public void InvalidValues_ThrowNamingTheOption()
    {
        Assert.Equal("Steps", Assert.Throws<ArgumentOutOfRangeException>(() => new InversionOptions { Steps = 0 }).ParamName);
        Assert.Equal("BatchSize", Assert.Throws<ArgumentOutOfRangeException>(() => new InversionOptions { BatchSize = -1 }).ParamName);
        Assert.Equal("Restarts", Assert.Throws<ArgumentOutOfRangeException>(() => new InversionOptions { Restarts = 0 }).ParamName);
        Assert.Equal("Patience", Assert.Throws<ArgumentOutOfRangeException>(() => new InversionOptions { Patience = 0 }).ParamName);
        Assert.Equal("ConvergenceTolerance", Assert.Throws<ArgumentOutOfRangeException>(() => new InversionOptions { ConvergenceTolerance = -1e-3 }).ParamName);
        Assert.Equal("ConvergenceTolerance", Assert.Throws<ArgumentOutOfRangeException>(() => new InversionOptions { ConvergenceTolerance = double.NaN }).ParamName);
        Assert.Equal("MaxReinitializations", Assert.Throws<ArgumentOutOfRangeException>(() => new InversionOptions { MaxReinitializations = -1 }).ParamName);
        Assert.Equal("Loss", Assert.Throws<ArgumentOutOfRangeException>(() => new InversionOptions { Loss = (LossKind)99 }).ParamName);
        Assert.Equal("Gamma1", Assert.Throws<ArgumentOutOfRangeException>(() => new InversionOptions { PriorTerms = new PriorTerms(Gamma1: -1) }).ParamName);
        Assert.Throws<ArgumentNullException>(() => new InversionOptions { Optimizer = null! });
        Assert.Throws<ArgumentNullException>(() => new InversionOptions { Schedule = null! });
        Assert.Equal(0, new InversionOptions { MaxReinitializations = 0 }.MaxReinitializations);
    }

    [Fact]
    public void Targets_CheckTheirShapes()
    {
        Assert.Throws<ArgumentException>(() => new InversionTargets(new float[7], 2));
        Assert.Throws<ArgumentException>(() => new InversionTargets(new float[8], 2, names: ["a"]));
        Assert.Throws<ArgumentException>(() => new InversionTargets(new float[8], 2, indices: [0, 1, 2]));
        Assert.Throws<ArgumentException>(() => new InversionTargets(new float[8], 2, initialLatents: new float[3]));

        var targets = new InversionTargets([1, 2, 3, 4, 5, 6], 2);
        Assert.Equal(3, targets.ImageLength);
        Assert.Equal(["image0", "image1"], targets.Names);
        Assert.Equal([0, 1], targets.Indices);
        Assert.Equal([4f, 5, 6], targets.Image(1).ToArray());
    }

    [Fact]
    public void Progress_Remaining_ExtrapolatesFromTheRateSoFar()
    {
        var progress = new InversionProgress(10, 1, 4, 2, 0.5, SampleSteps: 25, PlannedSampleSteps: 100, 0, TimeSpan.FromSeconds(5));

        Assert.Equal(TimeSpan.FromSeconds(15), progress.Remaining);
        Assert.Null((progress with { SampleSteps = 0 }).Remaining);
    }
}
