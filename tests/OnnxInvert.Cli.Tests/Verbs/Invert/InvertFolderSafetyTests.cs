using System.Globalization;
using OnnxInvert.Cli.Tests.TestUtilities;
using OnnxInvert.Inversion.Jobs;

namespace OnnxInvert.Cli.Tests.Verbs.Invert;

/// <summary><c>invert --out</c> is protected: no second writer, no silent overwrite, no unusable paths (each exits with a clear message).</summary>
public sealed class InvertFolderSafetyTests : IDisposable
{
    private static readonly string[] Settings = ["--steps", "5", "--batch", "2"];

    private readonly InvertWorkspace _work = new(images: 2);

    public void Dispose() => _work.Dispose();

    [Fact]
    public void FolderLockedByALiveProcess_IsRefusedNamingTheOwner_AndLeftAlone()
    {
        string dir = _work.File("out");
        Directory.CreateDirectory(dir);
        string lockFile = Path.Combine(dir, RunFolder.LockFile);
        string owner = string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}\n{Environment.MachineName}\n");
        File.WriteAllText(lockFile, owner);

        var result = _work.Invert("out", Settings);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"in use by process {Environment.ProcessId} on {Environment.MachineName}", result.Errors, StringComparison.Ordinal);
        Assert.Equal(owner, File.ReadAllText(lockFile));
        Assert.Equal([RunFolder.LockFile], Directory.GetFileSystemEntries(dir).Select(Path.GetFileName));
    }

    [Fact]
    public void NonEmptyFolderWithoutState_IsRefused_UnlessOverwrite()
    {
        string dir = _work.File("mine");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "summary.json"), "my notes");

        var refused = _work.Invert("mine", Settings);

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("not empty", refused.Errors, StringComparison.Ordinal);
        Assert.Contains("--overwrite", refused.Errors, StringComparison.Ordinal);
        Assert.Equal("my notes", File.ReadAllText(Path.Combine(dir, "summary.json")));

        var overwritten = _work.Invert("mine", [.. Settings, "--overwrite"]);
        Assert.True(overwritten.ExitCode == 0, overwritten.Errors);
        Assert.True(File.Exists(Path.Combine(dir, RunFolder.StateFile)));
    }

    [Fact]
    public void FinishedRun_RerunWithoutResume_IsRefused_AndOverwriteStartsAfresh()
    {
        Assert.Equal(0, _work.Invert("out", Settings).ExitCode);

        var again = _work.Invert("out", Settings);
        var overwritten = _work.Invert("out", [.. Settings, "--overwrite"]);

        Assert.Equal(2, again.ExitCode);
        Assert.Contains("--resume", again.Errors, StringComparison.Ordinal);
        Assert.True(overwritten.ExitCode == 0, overwritten.Errors);
        Assert.Equal(0, InvertWorkspace.Summary(_work.File("out")).GetProperty("resumed_images").GetInt32());
    }

    [Fact]
    public void EmptyOut_IsAUsageError()
    {
        var result = CliRunner.Run(["invert", "-m", _work.Model, "-i", _work.Images, "--out", string.Empty, .. Settings]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--out: the output folder's path is empty", result.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void OutEqualToOrInsideImages_IsAUsageError_AndNothingIsWritten()
    {
        var same = CliRunner.Run(["invert", "-m", _work.Model, "-i", _work.Images, "--out", _work.Images, .. Settings]);
        var inside = CliRunner.Run(["invert", "-m", _work.Model, "-i", _work.Images, "--out", Path.Combine(_work.Images, "out"), .. Settings]);

        Assert.Equal(2, same.ExitCode);
        Assert.Contains("is the input", same.Errors, StringComparison.Ordinal);
        Assert.Equal(2, inside.ExitCode);
        Assert.Contains("inside the input folder", inside.Errors, StringComparison.Ordinal);
        Assert.Equal(["img0.png", "img1.png"], Directory.GetFileSystemEntries(_work.Images).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void OutNamingAFile_IsAUsageError()
    {
        string file = _work.File("a-file");
        File.WriteAllText(file, "x");

        var result = CliRunner.Run(["invert", "-m", _work.Model, "-i", _work.Images, "--out", file, .. Settings]);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is a file; the output must be a folder", result.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain("Could not find a part of the path", result.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Resume_WithAnotherBatchSize_IsAccepted()
    {
        Assert.Equal(0, _work.Invert("out", "--steps", "5", "--batch", "1").ExitCode);

        var resumed = _work.Invert("out", "--steps", "5", "--batch", "2", "--threads", "1", "--resume");

        Assert.True(resumed.ExitCode == 0, resumed.Errors);
        Assert.Contains("2 of 2 images already done", resumed.Errors, StringComparison.Ordinal);
    }

    [Fact]
    public void Resume_RemovesStaleTemporaries()
    {
        string[] settings = ["--steps", "5", "--batch", "1"];
        Assert.Equal(0, _work.Invert("out", settings).ExitCode);
        string dir = _work.File("out");
        File.WriteAllText(Path.Combine(dir, ".latents.npy.99999.tmp"), "half-written");
        File.WriteAllText(Path.Combine(dir, RunFolder.ReconstructionsFolder, ".00000.png.99999.tmp"), "half-written");

        var resumed = _work.Invert("out", [.. settings, "--resume"]);

        Assert.True(resumed.ExitCode == 0, resumed.Errors);
        Assert.Contains("removed 2 temporary", resumed.Errors, StringComparison.Ordinal);
        Assert.DoesNotContain(Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories), f => f.EndsWith(".tmp", StringComparison.Ordinal));
    }
}
