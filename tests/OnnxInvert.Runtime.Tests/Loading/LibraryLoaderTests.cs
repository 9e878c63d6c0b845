using System.Runtime.InteropServices;
using OnnxInvert.Runtime.Loading;

namespace OnnxInvert.Runtime.Tests.Loading;

public sealed class LibraryLoaderTests
{
    [Fact]
    public void Load_NoCandidateExists_ListsEveryPlaceTriedAndHowToFix()
    {
        string dir = Path.Combine(Path.GetTempPath(), "onnxinvert-loader-tests", Guid.NewGuid().ToString("N"));
        LibraryCandidate[] candidates =
        [
            new(Path.Combine(dir, "app", "libonnxruntime.so"), "beside the application", ChosenByUser: false),
            new(Path.Combine(dir, "app", "runtimes", "linux-x64", "native", "libonnxruntime.so"), "the application's runtimes/linux-x64/native folder", ChosenByUser: false),
        ];

        var ex = Assert.Throws<DllNotFoundException>(() => LibraryLoader.Load(candidates));

        foreach (LibraryCandidate candidate in candidates)
        {
            Assert.Contains($"{candidate.Path} ({candidate.Origin}): no such file", ex.Message, StringComparison.Ordinal);
        }

        Assert.Contains("Microsoft.ML.OnnxRuntime NuGet package", ex.Message, StringComparison.Ordinal);
        Assert.Contains(OrtLibrary.PathVariable, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_UserChosenFileIsNotALibrary_SaysTheSystemCouldNotLoadItAndHowToFix()
    {
        string file = Path.GetTempFileName();
        try
        {
            File.WriteAllText(file, "not a shared library");

            var ex = Assert.Throws<DllNotFoundException>(() =>
                LibraryLoader.Load([new LibraryCandidate(file, "the ONNXINVERT_ORT_LIB environment variable", ChosenByUser: true)]));

            Assert.Contains(file, ex.Message, StringComparison.Ordinal);
            Assert.Contains("the system could not load it", ex.Message, StringComparison.Ordinal);
            Assert.Contains("unset it to use the one the build restored from NuGet", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void Load_LibraryWithoutOrtGetApiBase_SaysItIsNotOnnxRuntime()
    {
        string other = Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "libSystem.Native.so");
        Assert.True(File.Exists(other), $"expected the .NET runtime's {other}");

        var ex = Assert.Throws<DllNotFoundException>(() =>
            LibraryLoader.Load([new LibraryCandidate(other, "the path given to OrtLibrary.Load", ChosenByUser: true)]));

        Assert.Contains("no 'OrtGetApiBase' export", ex.Message, StringComparison.Ordinal);
    }
}
