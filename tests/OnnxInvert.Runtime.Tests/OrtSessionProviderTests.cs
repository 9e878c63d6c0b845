using OnnxInvert.Runtime.Tests.TestModels;

namespace OnnxInvert.Runtime.Tests;

/// <summary>Providers with the CPU build this test run loaded (GpuPackageProviderTests covers the GPU build).</summary>
public sealed class OrtSessionProviderTests
{
    [Theory]
    [InlineData("cuda", "CUDA")]
    [InlineData("tensorrt", "TensorRT")]
    public void FromBytes_GpuProviderOnCpuOnlyLibrary_ThrowsNamingTheProviderTheLibraryAndTheFix(string provider, string display)
    {
        var notices = new List<string>();
        var settings = new SessionSettings { Provider = ProviderSpec.Parse(provider), Notice = notices.Add };

        var ex = Assert.Throws<OrtException>(() => OrtSession.FromBytes(Models.Add(), settings));

        Assert.Contains($"The {display} execution provider ('{provider}') is unavailable", ex.Message, StringComparison.Ordinal);
        Assert.Contains(OrtLibrary.LoadedPath, ex.Message, StringComparison.Ordinal);
        Assert.Contains("-p:OnnxInvertOrt=gpu", ex.Message, StringComparison.Ordinal);
        Assert.Contains(OrtLibrary.PathVariable, ex.Message, StringComparison.Ordinal);
        Assert.Contains("the path given to OrtLibrary.Load", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.NotNull(ex.InnerException);
        Assert.Empty(notices);
    }

    [Fact]
    public void FromBytes_CudaEnum_StillThrowsTheSameError()
    {
        var settings = new SessionSettings { ExecutionProvider = ExecutionProvider.Cuda };

        var ex = Assert.Throws<OrtException>(() => OrtSession.FromBytes(Models.Add(), settings));

        Assert.Contains("The CUDA execution provider ('cuda') is unavailable", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("xnnpack", "XNNPACK", "XnnpackExecutionProvider")]
    [InlineData("openvino:device_type=CPU", "OpenVINO", "OpenVINOExecutionProvider")]
    [InlineData("qnn", "QNN", "QNNExecutionProvider")]
    public void FromBytes_GenericProviderNotInThisBuild_ThrowsNamingItAndWhatTheBuildLists(string provider, string display, string registered)
    {
        Assert.DoesNotContain(registered, OrtLibrary.AvailableProviders);
        var settings = new SessionSettings { Provider = ProviderSpec.Parse(provider) };

        var ex = Assert.Throws<OrtException>(() => OrtSession.FromBytes(Models.Add(), settings));

        Assert.Contains($"The {display} execution provider ('{provider}') is unavailable", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"This build does not include {registered} (it lists CPUExecutionProvider", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"includes {display}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromBytes_UnknownFullProviderName_ThrowsWithTheRuntimesListOfNames()
    {
        var settings = new SessionSettings { Provider = ProviderSpec.Parse("NoSuchExecutionProvider:x=1") };

        var ex = Assert.Throws<OrtException>(() => OrtSession.FromBytes(Models.Add(), settings));

        Assert.Contains("The NoSuchExecutionProvider execution provider ('NoSuchExecutionProvider:x=1') is unavailable", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Unknown provider name 'NoSuchExecutionProvider'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromBytes_AutoOnCpuOnlyLibrary_FallsBackToCpuWithExactlyOneNotice()
    {
        var notices = new List<string>();
        var settings = new SessionSettings { Provider = ProviderSpec.Parse("auto"), Notice = notices.Add };

        using var session = OrtSession.FromBytes(Models.Add(), settings);

        Assert.Equal(ExecutionProvider.Cpu, session.Provider);
        Assert.Equal("CPUExecutionProvider", session.ProviderName);
        Assert.Equal(ProviderSpec.Cpu, session.ProviderSpec);
        string notice = Assert.Single(notices);
        Assert.StartsWith("CUDA is unavailable (", notice, StringComparison.Ordinal);
        Assert.EndsWith("; running on the CPU.", notice, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', notice);
        Assert.Equal([2f, 4f, 6f], ModelRuns.RunAdd(session, [1f, 2f, 3f], [1f, 2f, 3f]));
    }

    [Fact]
    public void FromBytes_AutoEnum_BehavesAsAutoCudaCpu()
    {
        var notices = new List<string>();
        var settings = new SessionSettings { ExecutionProvider = ExecutionProvider.Auto, Notice = notices.Add };

        using var session = OrtSession.FromBytes(Models.Add(), settings);

        Assert.Equal(ExecutionProvider.Cpu, session.Provider);
        Assert.Contains("CUDA", Assert.Single(notices), StringComparison.Ordinal);
    }

    [Fact]
    public void FromBytes_AutoList_SaysWhyEachEarlierProviderWasNotTaken()
    {
        var notices = new List<string>();
        var settings = new SessionSettings { Provider = ProviderSpec.Parse("auto:tensorrt,xnnpack,cuda,cpu"), Notice = notices.Add };

        using var session = OrtSession.FromBytes(Models.Add(), settings);

        string notice = Assert.Single(notices);
        int trt = notice.IndexOf("TensorRT is unavailable (", StringComparison.Ordinal);
        int xnn = notice.IndexOf("XNNPACK is unavailable (", StringComparison.Ordinal);
        int cuda = notice.IndexOf("CUDA is unavailable (", StringComparison.Ordinal);
        Assert.True(trt >= 0 && xnn > trt && cuda > xnn, notice);
        Assert.Equal(ExecutionProvider.Cpu, session.Provider);
    }

    [Fact]
    public void FromBytes_AutoWithoutCpu_ThrowsListingEveryReason()
    {
        var notices = new List<string>();
        var settings = new SessionSettings { Provider = ProviderSpec.Parse("auto:tensorrt,cuda"), Notice = notices.Add };

        var ex = Assert.Throws<OrtException>(() => OrtSession.FromBytes(Models.Add(), settings));

        Assert.Contains("No provider of 'auto:tensorrt,cuda' could be used", ex.Message, StringComparison.Ordinal);
        Assert.Contains("TensorRT is unavailable (", ex.Message, StringComparison.Ordinal);
        Assert.Contains("CUDA is unavailable (", ex.Message, StringComparison.Ordinal);
        Assert.Empty(notices);
    }

    [Fact]
    public void FromBytes_AutoWithBadModel_ThrowsTheModelErrorWithoutNotice()
    {
        var notices = new List<string>();
        var settings = new SessionSettings { Provider = ProviderSpec.Parse("auto"), Notice = notices.Add };

        var ex = Assert.Throws<OrtException>(() => OrtSession.FromBytes([0xff, 0xff, 0x01], settings));

        Assert.DoesNotContain("unavailable", ex.Message, StringComparison.Ordinal);
        Assert.Empty(notices);
    }

    [Fact]
    public void FromBytes_Cpu_NoNotice()
    {
        var notices = new List<string>();

        using var session = OrtSession.FromBytes(Models.Add(), new SessionSettings { Notice = notices.Add });

        Assert.Equal(ExecutionProvider.Cpu, session.Provider);
        Assert.Equal("CPUExecutionProvider", session.ProviderName);
        Assert.Empty(notices);
    }
}
