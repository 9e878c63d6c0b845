using System.Diagnostics;
using System.Globalization;

namespace OnnxInvert.Inversion.Jobs;

/// <summary>
/// The exclusive lock of a run folder: a file created with <see cref="FileMode.CreateNew"/> that holds the owner's
/// process id and host name. A lock left by a process of this host that no longer runs is taken over (with a notice);
/// a live owner, or one on another host, refuses the second writer with a message naming it. An unreadable lock file is
/// taken over only when it is older than a few seconds (a younger one may still be being written by its owner).
/// </summary>
internal sealed class FolderLock : IDisposable
{
    /// <summary>How long an unreadable lock file counts as one another process is still writing.</summary>
    private static readonly TimeSpan FreshLock = TimeSpan.FromSeconds(10);

    private readonly string _path;
    private bool _held = true;

    private FolderLock(string path) => _path = path;

    /// <summary>Takes the lock at <paramref name="path"/>, whose folder is <paramref name="folder"/>.</summary>
    /// <exception cref="RunFolderException">Another live process holds it.</exception>
    public static FolderLock Take(string folder, string path, Action<string> notice)
    {
        for (int attempt = 0; attempt < 3; attempt++)
        {
            if (TryCreate(path))
            {
                return new FolderLock(path);
            }

            var owner = Owner.Read(path);
            if (owner is { } o && (o.Host != Environment.MachineName || IsAlive(o.Pid)))
            {
                throw new RunFolderException(folder, RunFolderProblem.Busy, string.Create(
                    CultureInfo.InvariantCulture,
                    $"{folder} is in use by process {o.Pid} on {o.Host} (lock file {path}); wait for it to finish, or choose another output folder"));
            }

            if (owner is null && DateTime.UtcNow - File.GetLastWriteTimeUtc(path) < FreshLock)
            {
                throw new RunFolderException(folder, RunFolderProblem.Busy, $"{folder} is being taken by another process (lock file {path} is being written); try again, or choose another output folder");
            }

            notice(owner is { } dead
                ? string.Create(CultureInfo.InvariantCulture, $"{folder}: taking over the lock of process {dead.Pid}, which no longer runs")
                : $"{folder}: taking over an unreadable lock file");
            File.Delete(path);
        }

        throw new RunFolderException(folder, RunFolderProblem.Busy, $"{folder}: could not take the lock file {path}");
    }

    /// <summary>Releases the lock (removes the file).</summary>
    public void Dispose()
    {
        if (_held)
        {
            _held = false;
            if (Owner.Read(_path) is { } o && o.Pid == Environment.ProcessId && o.Host == Environment.MachineName)
            {
                File.Delete(_path);
            }
        }
    }

    private static bool TryCreate(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            using var writer = new StreamWriter(stream);
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessId}\n{Environment.MachineName}\n"));
            writer.Flush();
            stream.Flush(flushToDisk: true);
            return true;
        }
        catch (IOException) when (File.Exists(path))
        {
            return false;
        }
    }

    private static bool IsAlive(int pid)
    {
        if (pid == Environment.ProcessId)
        {
            return true;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private readonly record struct Owner(int Pid, string Host)
    {
        public static Owner? Read(string path)
        {
            try
            {
                string[] lines = File.ReadAllLines(path);
                return lines.Length >= 2 && int.TryParse(lines[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int pid) && lines[1].Length > 0
                    ? new Owner(pid, lines[1])
                    : null;
            }
            catch (IOException)
            {
                return null;
            }
        }
    }
}
