using System.Diagnostics;

namespace OnnxInvert.TestSupport;

/// <summary>Non-regular files for the tests: named pipes made with mkfifo, and Linux's character devices.</summary>
public static class SpecialFiles
{
    /// <summary>A character device that yields zero bytes forever and reports size 0.</summary>
    public const string Zero = "/dev/zero";

    /// <summary>Creates a named pipe (FIFO) at <paramref name="path"/> with no writer: opening it to read would block.</summary>
    public static string MakeFifo(string path)
    {
        using var process = Process.Start(new ProcessStartInfo("mkfifo", [path]) { UseShellExecute = false }) ?? throw new InvalidOperationException("mkfifo did not start");
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return path;
    }
}

/// <summary>A fact that needs Linux (statx, /dev/zero, mkfifo); skipped elsewhere.</summary>
public sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "Needs Linux (statx, /dev/zero and mkfifo).";
        }
    }
}

/// <summary>A theory that needs Linux (statx, /dev/zero, mkfifo); skipped elsewhere.</summary>
public sealed class LinuxTheoryAttribute : TheoryAttribute
{
    public LinuxTheoryAttribute()
    {
        if (!OperatingSystem.IsLinux())
        {
            Skip = "Needs Linux (statx, /dev/zero and mkfifo).";
        }
    }
}
