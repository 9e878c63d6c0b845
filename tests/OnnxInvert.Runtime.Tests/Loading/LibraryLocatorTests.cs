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
    public void Candidates_NothingChosen_DepsFoldersThenBesideApplicationThenRuntimesFolder()
    {
        string deps = Path.Combine(Root, "deps-native");
        string searchDirectories = string.Join(Path.PathSeparator, deps, AppDir + "/");

        var candidates = LibraryLocator.Candidates("  ", Env(), AppDir, searchDirectories);

        string rid = LibraryLocator.Rid;
        Assert.Equal(
            [
                Path.Combine(deps, "libonnxruntime.so"), Path.Combine(deps, "libonnxruntime.so.1"),
                Path.Combine(AppDir, "libonnxruntime.so"), Path.Combine(AppDir, "libonnxruntime.so.1"),
                Path.Combine(AppDir, "runtimes", rid, "native", "libonnxruntime.so"), Path.Combine(AppDir, "runtimes", rid, "native", "libonnxruntime.so.1"),
            ],
            candidates.Select(c => c.Path));
        Assert.All(candidates, c => Assert.False(c.ChosenByUser));
        Assert.Contains(".deps.json", candidates[0].Origin, StringComparison.Ordinal);
    }

    [Fact]
    public void Candidates_ThisProcess_IncludeWhereTheBuildCopiedTheNuGetLibrary()
    {
        var candidates = LibraryLocator.Candidates(null, Env(), AppContext.BaseDirectory,
            AppContext.GetData(LibraryLocator.NativeSearchDirectoriesKey) as string);

        Assert.Contains(candidates, c => File.Exists(c.Path));
    }

    [Fact]
    public void Candidates_ExplicitFolder_PointsAtTheLibraryInside()
    {
        var candidates = LibraryLocator.Candidates(Path.GetTempPath(), Env(), AppDir);

        Assert.Equal(Path.Combine(Path.GetFullPath(Path.GetTempPath()), "libonnxruntime.so"), Assert.Single(candidates).Path);
    }

    [Fact]
    public void Candidates_ExplicitFolderWithReleaseArchiveName_PointsAtTheSoOneFile()
    {
        string folder = Path.Combine(Path.GetTempPath(), "onnxinvert-locator-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            File.WriteAllText(Path.Combine(folder, "libonnxruntime.so.1"), "stand-in");

            var candidates = LibraryLocator.Candidates(folder, Env(), AppDir);

            Assert.Equal(Path.Combine(folder, "libonnxruntime.so.1"), Assert.Single(candidates).Path);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;
}
