namespace OnnxInvert.Runtime.Tests;

public sealed class OrtLibraryTests
{
    [Fact]
    public void Version_BundledLibrary_Is1_30_0()
    {
        Assert.Equal("1.30.0", OrtLibrary.Version);
        Assert.True(OrtLibrary.IsLoaded);
    }

    [Fact]
    public void LoadedPath_DefaultPlaces_IsAnExistingLibraryFile()
    {
        string path = OrtLibrary.LoadedPath;

        Assert.True(Path.IsPathFullyQualified(path));
        Assert.True(File.Exists(path));
        Assert.EndsWith("libonnxruntime.so.1", path, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_AgainWithoutPathOrWithSamePath_IsHarmless()
    {
        string path = OrtLibrary.LoadedPath;

        OrtLibrary.Load();
        OrtLibrary.Load(path);

        Assert.Equal(path, OrtLibrary.LoadedPath);
    }

    [Fact]
    public void Load_DifferentPathAfterFirstLoad_ThrowsNamingBothLibraries()
    {
        string loaded = OrtLibrary.LoadedPath;
        string other = Path.Combine(Path.GetTempPath(), "elsewhere", "libonnxruntime.so.1");

        var ex = Assert.Throws<InvalidOperationException>(() => OrtLibrary.Load(other));

        Assert.Contains(loaded, ex.Message, StringComparison.Ordinal);
        Assert.Contains(other, ex.Message, StringComparison.Ordinal);
        Assert.Equal(loaded, OrtLibrary.LoadedPath);
    }

    [Fact]
    public void AvailableProviders_BundledLibrary_ListsCpuProvider()
    {
        Assert.Contains("CPUExecutionProvider", OrtLibrary.AvailableProviders);
    }

    [Fact]
    public void ApiVersion_Is20()
    {
        Assert.Equal(20u, OrtLibrary.ApiVersion);
    }
}
