using System.Diagnostics;
using System.Globalization;
using OnnxInvert.Inversion.Jobs;
using OnnxInvert.Inversion.Tests.TestUtilities;

namespace OnnxInvert.Inversion.Tests.Jobs;

/// <summary>The run folder's protection: one writer at a time, no silent overwrite, no unusable paths, temporaries swept on resume.</summary>
public sealed class RunFolderTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Open_WhileAnotherWriterHoldsIt_IsRefusedNamingTheOwner()
    {
        string dir = _temp.File("out");
        using var first = RunFolder.Open(dir);

        var ex = Assert.Throws<RunFolderException>(() => RunFolder.Open(dir));

        Assert.Equal(RunFolderProblem.Busy, ex.Problem);
        Assert.Contains(Environment.ProcessId.ToString(CultureInfo.InvariantCulture), ex.Message, StringComparison.Ordinal);
        Assert.Contains(Environment.MachineName, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dispose_ReleasesTheLock()
    {
        string dir = _temp.File("out");
        RunFolder.Open(dir).Dispose();

        Assert.False(File.Exists(Path.Combine(dir, RunFolder.LockFile)));
        using var again = RunFolder.Open(dir, new RunFolderOptions { Resume = true });
        Assert.True(File.Exists(Path.Combine(dir, RunFolder.LockFile)));
    }

    [Fact]
    public void Open_LockOfAProcessThatNoLongerRuns_IsTakenOverWithANotice()
    {
        string dir = _temp.File("out");
        Directory.CreateDirectory(dir);
        int dead = DeadPid();
        File.WriteAllText(Path.Combine(dir, RunFolder.LockFile), string.Create(CultureInfo.InvariantCulture, $"{dead}\n{Environment.MachineName}\n"));
        var notices = new List<string>();

        using var folder = RunFolder.Open(dir, new RunFolderOptions { Notice = notices.Add });

        Assert.Contains(notices, n => n.Contains("no longer runs", StringComparison.Ordinal) && n.Contains(dead.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        Assert.StartsWith(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n", File.ReadAllText(Path.Combine(dir, RunFolder.LockFile)), StringComparison.Ordinal);
    }

    [Fact]
    public void Open_LockOfAnotherHost_IsRefused()
    {
        string dir = _temp.File("out");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, RunFolder.LockFile), "1\nsome-other-host\n");

        var ex = Assert.Throws<RunFolderException>(() => RunFolder.Open(dir));

        Assert.Equal(RunFolderProblem.Busy, ex.Problem);
        Assert.Contains("some-other-host", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_NonEmptyFolderWithoutState_IsRefusedUnlessOverwriting()
    {
        string dir = _temp.File("mine");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, RunFolder.MetricsFile), "my own table");

        var ex = Assert.Throws<RunFolderException>(() => RunFolder.Open(dir));
        var resumed = Assert.Throws<RunFolderException>(() => RunFolder.Open(dir, new RunFolderOptions { Resume = true, Notice = _ => { } }));

        Assert.Equal(RunFolderProblem.NotEmpty, ex.Problem);
        Assert.Equal(RunFolderProblem.NotEmpty, resumed.Problem);
        Assert.Equal("my own table", File.ReadAllText(Path.Combine(dir, RunFolder.MetricsFile)));
        Assert.False(File.Exists(Path.Combine(dir, RunFolder.LockFile)), "a refused open leaves no lock behind");
        using var overwriting = RunFolder.Open(dir, new RunFolderOptions { Overwrite = true });
    }

    [Fact]
    public void Open_FolderHoldingARun_IsRefusedWithoutResumeOrOverwrite_AndOverwriteDropsItsState()
    {
        string dir = _temp.File("run");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, RunFolder.StateFile), "{}");

        var ex = Assert.Throws<RunFolderException>(() => RunFolder.Open(dir));
        Assert.Equal(RunFolderProblem.HoldsRun, ex.Problem);

        using var overwriting = RunFolder.Open(dir, new RunFolderOptions { Overwrite = true });
        Assert.False(File.Exists(Path.Combine(dir, RunFolder.StateFile)));
    }

    [Fact]
    public void Open_PathThatCannotBeAnOutputFolder_IsRefusedBeforeAnythingIsWritten()
    {
        string images = _temp.File("images");
        Directory.CreateDirectory(images);
        string file = _temp.File("a.npy");
        File.WriteAllText(file, "x");
        string[] inputs = [images, file];

        Assert.Equal(RunFolderProblem.BadPath, Assert.Throws<RunFolderException>(() => RunFolder.Open(string.Empty, new RunFolderOptions { Inputs = inputs })).Problem);
        Assert.Equal(RunFolderProblem.BadPath, Assert.Throws<RunFolderException>(() => RunFolder.Open(file, new RunFolderOptions { Inputs = inputs })).Problem);
        Assert.Contains("the input", Assert.Throws<RunFolderException>(() => RunFolder.Open(images + "/", new RunFolderOptions { Inputs = inputs })).Message, StringComparison.Ordinal);
        Assert.Contains("inside the input folder", Assert.Throws<RunFolderException>(() => RunFolder.Open(Path.Combine(images, "out"), new RunFolderOptions { Inputs = inputs })).Message, StringComparison.Ordinal);
        Assert.Equal(["a.npy", "images"], Directory.GetFileSystemEntries(_temp.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Empty(Directory.GetFileSystemEntries(images));
    }

    [Fact]
    public void Resume_RemovesTheTemporariesAKilledRunLeft_AndKeepsEverythingElse()
    {
        string dir = _temp.File("run");
        Directory.CreateDirectory(Path.Combine(dir, RunFolder.ReconstructionsFolder));
        File.WriteAllText(Path.Combine(dir, ".latents.npy.4242.tmp"), "half");
        File.WriteAllText(Path.Combine(dir, RunFolder.ReconstructionsFolder, ".00001.png.0123abcd.tmp"), "half");
        File.WriteAllText(Path.Combine(dir, RunFolder.ReconstructionsFolder, "00000.png"), "png");
        var notices = new List<string>();

        using var folder = RunFolder.Open(dir, new RunFolderOptions { Resume = true, Notice = notices.Add });

        Assert.Equal([RunFolder.LockFile, RunFolder.ReconstructionsFolder], Directory.GetFileSystemEntries(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(["00000.png"], Directory.GetFileSystemEntries(Path.Combine(dir, RunFolder.ReconstructionsFolder)).Select(Path.GetFileName));
        Assert.Contains(notices, n => n.Contains("removed 2 temporary", StringComparison.Ordinal));
    }

    private static int DeadPid()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }
}
