namespace OnnxInvert.Runtime.Tests;

public sealed class OrtLibraryTests
{
    [Fact]
    public void Version_DefaultLibrary_IsTheRestoredPackageVersion()
    {
        string version = OrtLibrary.Version;

        Assert.True(OrtLibrary.IsLoaded);
        if (Environment.GetEnvironmentVariable(OrtLibrary.PathVariable) is not { Length: > 0 })
        {
            Assert.Equal(OnnxInvert.Runtime.Loading.RestoredPackage.Version, version);
        }

        Assert.Matches(@"^1\.(2\d|[3-9]\d)\.\d+", version);
    }

    [Fact]
    public void LoadedPath_DefaultPlaces_IsAnExistingLibraryFile()
    {
        string path = OrtLibrary.LoadedPath;

        Assert.True(Path.IsPathFullyQualified(path));
        Assert.True(File.Exists(path));
        Assert.Contains("libonnxruntime.so", Path.GetFileName(path), StringComparison.Ordinal);
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
