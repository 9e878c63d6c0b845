using OnnxInvert.Inversion.Constraints;
using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Jobs;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Inversion.Priors;

namespace OnnxInvert.Inversion.Tests.Jobs;

public sealed class OptionsFingerprintTests
{
    [Fact]
    public void OtherConditionValues_GiveAnotherFingerprint()
    {
        var three = new InversionOptions { Conditions = new Dictionary<string, ConditionValue> { ["y"] = ConditionValue.Scalar(3) } };
        var four = new InversionOptions { Conditions = new Dictionary<string, ConditionValue> { ["y"] = ConditionValue.Scalar(4) } };
        var rowsA = new InversionOptions { Conditions = new Dictionary<string, ConditionValue> { ["y"] = ConditionValue.FromRows([1, 2], 2) } };
        var rowsB = new InversionOptions { Conditions = new Dictionary<string, ConditionValue> { ["y"] = ConditionValue.FromRows([2, 1], 2) } };

        Assert.NotEqual(OptionsFingerprint.Of(three), OptionsFingerprint.Of(four));
        Assert.NotEqual(OptionsFingerprint.Of(rowsA), OptionsFingerprint.Of(rowsB));
        Assert.DoesNotContain("System.Collections", OptionsFingerprint.Of(three), StringComparison.Ordinal);
    }

    [Fact]
    public void OtherPerLatentSettingsOrNoiseLatents_GiveAnotherFingerprint()
    {
        var normal = new InversionOptions { Latents = new Dictionary<string, LatentSettings> { ["w"] = new() { Prior = new NormalPrior(0, 1) } } };
        var wide = new InversionOptions { Latents = new Dictionary<string, LatentSettings> { ["w"] = new() { Prior = new NormalPrior(0, 2) } } };
        var noiseA = new InversionOptions { NoiseRegularization = new NoiseRegularization(["noise0"]) };
        var noiseB = new InversionOptions { NoiseRegularization = new NoiseRegularization(["noise1"]) };

        Assert.NotEqual(OptionsFingerprint.Of(normal), OptionsFingerprint.Of(wide));
        Assert.NotEqual(OptionsFingerprint.Of(noiseA), OptionsFingerprint.Of(noiseB));
        Assert.DoesNotContain("System.Collections", OptionsFingerprint.Of(noiseA), StringComparison.Ordinal);
    }

    [Fact]
    public void SameOptions_GiveTheSameFingerprint()
    {
        InversionOptions Make() => new() { Conditions = new Dictionary<string, ConditionValue> { ["y"] = ConditionValue.FromRows([1, 2, 3], 3) }, Steps = 7 };

        Assert.Equal(OptionsFingerprint.Of(Make()), OptionsFingerprint.Of(Make()));
    }
}
