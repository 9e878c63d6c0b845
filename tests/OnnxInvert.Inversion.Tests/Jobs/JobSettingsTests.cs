using OnnxInvert.Inversion.Jobs;

namespace OnnxInvert.Inversion.Tests.Jobs;

public sealed class JobSettingsTests
{
    [Fact]
    public void Fingerprint_HoldsTheSettingsThatShapeResults_InvariantlyFormatted()
    {
        var settings = new JobSettings().Add("steps", 500).Add("lr", 0.01).Add("batch", 32, shapesResults: false).Add("mask", null).Add("resize", true);

        Assert.Equal("steps=500;lr=0.01;mask=null;resize=true;", settings.Fingerprint());
        Assert.Equal(["steps", "lr", "batch", "mask", "resize"], settings.Entries.Select(e => e.Name));
    }

    [Fact]
    public void Add_RefusesARepeatedNameAndAValueThatIsNoPlainValue()
    {
        var settings = new JobSettings().Add("steps", 1);

        Assert.Throws<ArgumentException>(() => settings.Add("steps", 2));
        Assert.Throws<ArgumentException>(() => settings.Add("weights", new float[3]));
    }
}
