using OnnxInvert.Runtime.Loading;

namespace OnnxInvert.Runtime.Tests.Loading;

public sealed class LibraryLocatorTests
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "onnxinvert-locator-tests");
    private static readonly string AppDir = Path.Combine(Root, "app");

    [Fact]
    public void Candidates_ExplicitPath_IsTheOnlyCandidateEvenWithVariableSet()
    {
        string chosen = Path.Combine(Root, "gpu", "libonnxruntime.so.1");
        var env = Env((OrtLibrary.PathVariable, Path.Combine(Root, "from-variable.so")));

        var candidates = LibraryLocator.Candidates(chosen, env, AppDir);

        var only = Assert.Single(candidates);
        Assert.Equal(chosen, only.Path);
        Assert.True(only.ChosenByUser);
    }

    [Fact]
    public void Candidates_VariableWithoutExplicitPath_IsTheOnlyCandidate()
    {
        string fromVariable = Path.Combine(Root, "from-variable.so");

        var candidates = LibraryLocator.Candidates(null, Env((OrtLibrary.PathVariable, fromVariable)), AppDir);

        var only = Assert.Single(candidates);
        Assert.Equal(fromVariable, only.Path);
        Assert.Contains(OrtLibrary.PathVariable, only.Origin, StringComparison.Ordinal);
    }

    [Fact]
    public void Candidates_NothingChosen_BesideApplicationThenBuildCache()
    {
        string home = Path.Combine(Root, "home");

        var candidates = LibraryLocator.Candidates("  ", Env(("HOME", home)), AppDir);

        Assert.Equal(
            [Path.Combine(AppDir, "libonnxruntime.so.1"), Path.Combine(home, ".cache", "onnxinvert", "onnxruntime-1.30.0", LibraryLocator.CacheRid, "libonnxruntime.so.1")],
            candidates.Select(c => c.Path));
        Assert.All(candidates, c => Assert.False(c.ChosenByUser));
    }

    [Fact]
    public void Candidates_ExplicitFolder_PointsAtTheLibraryInside()
    {
        var candidates = LibraryLocator.Candidates(Path.GetTempPath(), Env(), AppDir);

        Assert.Equal(Path.Combine(Path.GetFullPath(Path.GetTempPath()), "libonnxruntime.so.1"), Assert.Single(candidates).Path);
    }

    [Theory]
    [InlineData("/cache/dir", "/xdg", "/home/u", "/cache/dir")]
    [InlineData("", "/xdg", "/home/u", "/xdg/onnxinvert")]
    [InlineData("", "", "/home/u", "/home/u/.cache/onnxinvert")]
    public void CachedLibrary_CacheDirThenXdgThenHome(string cacheDir, string xdg, string home, string expectedRoot)
    {
        var env = Env(("ONNXINVERT_CACHE_DIR", cacheDir), ("XDG_CACHE_HOME", xdg), ("HOME", home));

        string path = LibraryLocator.CachedLibrary(env);

        Assert.Equal($"{expectedRoot}/onnxruntime-1.30.0/{LibraryLocator.CacheRid}/libonnxruntime.so.1", path);
    }

    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;
}
