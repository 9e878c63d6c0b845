namespace OnnxInvert.Runtime.Tests;

public sealed class SessionSettingsTests
{
    [Fact]
    public void Defaults_CpuAllOptimisationsRuntimeChosenThreads()
    {
        var settings = new SessionSettings();

        Assert.Equal(ExecutionProvider.Cpu, settings.ExecutionProvider);
        Assert.Equal(GraphOptimizationLevel.All, settings.GraphOptimization);
        Assert.Equal(0, settings.IntraOpThreads);
        Assert.Equal(0, settings.InterOpThreads);
        Assert.Equal(0, settings.CudaDeviceId);
        Assert.Null(settings.Notice);
    }

    [Fact]
    public void IntraOpThreads_Negative_ThrowsNamingTheProperty()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new SessionSettings { IntraOpThreads = -1 });

        Assert.Equal(nameof(SessionSettings.IntraOpThreads), ex.ParamName);
    }

    [Fact]
    public void InterOpThreadsAndCudaDevice_Negative_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SessionSettings { InterOpThreads = -2 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new SessionSettings { CudaDeviceId = -1 });
    }

    [Fact]
    public void EnumProperties_UndefinedValue_ThrowListingValidValues()
    {
        var level = Assert.Throws<ArgumentOutOfRangeException>(() => new SessionSettings { GraphOptimization = (GraphOptimizationLevel)5 });
        var provider = Assert.Throws<ArgumentOutOfRangeException>(() => new SessionSettings { ExecutionProvider = (ExecutionProvider)9 });

        Assert.Contains("Disabled, Basic, Extended, All", level.Message, StringComparison.Ordinal);
        Assert.Contains("Cpu, Cuda, Auto", provider.Message, StringComparison.Ordinal);
    }
}
