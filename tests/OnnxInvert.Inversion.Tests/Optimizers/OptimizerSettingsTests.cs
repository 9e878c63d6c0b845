using OnnxInvert.Inversion.Optimizers;

namespace OnnxInvert.Inversion.Tests.Optimizers;

public sealed class OptimizerSettingsTests
{
    [Fact]
    public void Defaults_AreTorchs()
    {
        var settings = new OptimizerSettings();

        Assert.Equal(OptimizerKind.RmsProp, settings.Kind);
        Assert.Equal(0.01, settings.LearningRate);
        Assert.Equal(0.99, settings.Alpha);
        Assert.Equal((0.9, 0.999), (settings.Beta1, settings.Beta2));
        Assert.Equal(1e-8, settings.Epsilon);
        Assert.Equal(0, settings.Momentum);
        Assert.Equal(0, settings.WeightDecay);
        Assert.False(settings.Nesterov);
        Assert.False(settings.Centered);
    }

    [Fact]
    public void InvalidValues_ThrowNamingTheSetting()
    {
        Assert.Equal("LearningRate", Assert.Throws<ArgumentOutOfRangeException>(() => new OptimizerSettings { LearningRate = 0 }).ParamName);
        Assert.Equal("LearningRate", Assert.Throws<ArgumentOutOfRangeException>(() => new OptimizerSettings { LearningRate = double.NaN }).ParamName);
        Assert.Equal("Momentum", Assert.Throws<ArgumentOutOfRangeException>(() => new OptimizerSettings { Momentum = 1 }).ParamName);
        Assert.Equal("Alpha", Assert.Throws<ArgumentOutOfRangeException>(() => new OptimizerSettings { Alpha = -0.1 }).ParamName);
        Assert.Equal("Beta2", Assert.Throws<ArgumentOutOfRangeException>(() => new OptimizerSettings { Beta2 = 1 }).ParamName);
        Assert.Equal("Epsilon", Assert.Throws<ArgumentOutOfRangeException>(() => new OptimizerSettings { Epsilon = 0 }).ParamName);
        Assert.Equal("WeightDecay", Assert.Throws<ArgumentOutOfRangeException>(() => new OptimizerSettings { WeightDecay = -1 }).ParamName);
        Assert.Equal("Kind", Assert.Throws<ArgumentOutOfRangeException>(() => new OptimizerSettings { Kind = (OptimizerKind)42 }).ParamName);
    }

    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.9, 0.1)]
    public void Nesterov_WithoutMomentumOrWithDampening_FailsValidationAndCreate(double momentum, double dampening)
    {
        var settings = new OptimizerSettings { Kind = OptimizerKind.Sgd, Nesterov = true, Momentum = momentum, Dampening = dampening };

        Assert.Throws<ArgumentException>(settings.Validate);
        Assert.Throws<ArgumentException>(() => LatentOptimizer.Create(settings, 1, 1));
    }

    [Fact]
    public void Step_WrongLengthsOrSlot_Throw()
    {
        var optimizer = LatentOptimizer.Create(new OptimizerSettings(), slots: 2, size: 3);

        Assert.Equal((2, 3), (optimizer.Slots, optimizer.Size));
        Assert.Throws<ArgumentException>(() => optimizer.Step(0, new float[2], new float[3], 0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => optimizer.Step(2, new float[3], new float[3], 0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => optimizer.Reset(-1));
    }

    [Theory]
    [InlineData(OptimizerKind.RmsProp, "rmsprop(lr=0.01")]
    [InlineData(OptimizerKind.Adam, "adam(lr=0.01, betas=(0.9, 0.999)")]
    [InlineData(OptimizerKind.Sgd, "sgd(lr=0.01, momentum=0")]
    public void ToString_NamesTheKindAndRate(OptimizerKind kind, string prefix)
    {
        Assert.StartsWith(prefix, new OptimizerSettings { Kind = kind }.ToString(), StringComparison.Ordinal);
    }
}
