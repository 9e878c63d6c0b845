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
        Assert.Contains("Cpu, Cuda, TensorRT, Auto", provider.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExecutionProvider_Other_IsRejectedPointingAtProvider()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new SessionSettings { ExecutionProvider = ExecutionProvider.Other });

        Assert.Contains("set Provider", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EffectiveProvider_ProviderSpecWinsOverTheEnum()
    {
        var settings = new SessionSettings { ExecutionProvider = ExecutionProvider.Cuda, CudaDeviceId = 2, Provider = ProviderSpec.Parse("openvino:device_type=CPU") };

        Assert.Equal("openvino:device_type=CPU", settings.EffectiveProvider.ToString());
        Assert.Contains("provider openvino:device_type=CPU", settings.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ExecutionProvider.Cpu, 0, "cpu")]
    [InlineData(ExecutionProvider.Cuda, 0, "cuda")]
    [InlineData(ExecutionProvider.Cuda, 3, "cuda:device_id=3")]
    [InlineData(ExecutionProvider.TensorRT, 1, "tensorrt:device_id=1")]
    [InlineData(ExecutionProvider.Auto, 0, "auto:cuda,cpu")]
    public void EffectiveProvider_FromTheEnumAndDevice(ExecutionProvider provider, int device, string expected)
    {
        var settings = new SessionSettings { ExecutionProvider = provider, CudaDeviceId = device };

        Assert.Equal(expected, settings.EffectiveProvider.ToString());
    }

    [Theory]
    [InlineData(null, "cpu", false)]
    [InlineData(null, "cuda", true)]
    [InlineData(null, "tensorrt:device_id=1", true)]
    [InlineData(true, "cpu", true)]
    [InlineData(false, "cuda", false)]
    public void MemoryPatternOn_OffForTheCpuUnlessChosen(bool? chosen, string provider, bool expected)
    {
        var settings = new SessionSettings { MemoryPattern = chosen };

        Assert.Equal(expected, settings.MemoryPatternOn(ProviderSpec.Parse(provider)));
    }
}
