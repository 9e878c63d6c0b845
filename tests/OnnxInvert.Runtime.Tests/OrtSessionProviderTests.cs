using OnnxInvert.Runtime.Tests.TestModels;

namespace OnnxInvert.Runtime.Tests;

public sealed class OrtSessionProviderTests
{
    [Fact]
    public void FromBytes_CudaOnCpuOnlyLibrary_ThrowsNamingTheProviderTheLibraryAndTheFix()
    {
        var notices = new List<string>();
        var settings = new SessionSettings { ExecutionProvider = ExecutionProvider.Cuda, Notice = notices.Add };

        var ex = Assert.Throws<OrtException>(() => OrtSession.FromBytes(Models.Add(), settings));

        Assert.Contains("CUDA execution provider is unavailable", ex.Message, StringComparison.Ordinal);
        Assert.Contains(OrtLibrary.LoadedPath, ex.Message, StringComparison.Ordinal);
        Assert.Contains(OrtLibrary.PathVariable, ex.Message, StringComparison.Ordinal);
        Assert.Contains("--ort-lib", ex.Message, StringComparison.Ordinal);
        Assert.NotNull(ex.InnerException);
        Assert.Empty(notices);
    }

    [Fact]
    public void FromBytes_AutoOnCpuOnlyLibrary_FallsBackToCpuWithExactlyOneNotice()
    {
        var notices = new List<string>();
        var settings = new SessionSettings { ExecutionProvider = ExecutionProvider.Auto, Notice = notices.Add };

        using var session = OrtSession.FromBytes(Models.Add(), settings);

        Assert.Equal(ExecutionProvider.Cpu, session.Provider);
        string notice = Assert.Single(notices);
        Assert.Contains("CUDA", notice, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', notice);
        Assert.Equal([2f, 4f, 6f], ModelRuns.RunAdd(session, [1f, 2f, 3f], [1f, 2f, 3f]));
    }

    [Fact]
    public void FromBytes_AutoWithBadModel_ThrowsTheModelErrorWithoutNotice()
    {
        var notices = new List<string>();
        var settings = new SessionSettings { ExecutionProvider = ExecutionProvider.Auto, Notice = notices.Add };

        Assert.Throws<OrtException>(() => OrtSession.FromBytes([0xff, 0xff, 0x01], settings));

        Assert.Empty(notices);
    }

    [Fact]
    public void FromBytes_Cpu_NoNotice()
    {
        var notices = new List<string>();

        using var session = OrtSession.FromBytes(Models.Add(), new SessionSettings { Notice = notices.Add });

        Assert.Equal(ExecutionProvider.Cpu, session.Provider);
        Assert.Empty(notices);
    }
}
