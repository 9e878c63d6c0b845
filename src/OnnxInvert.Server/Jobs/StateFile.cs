namespace OnnxInvert.Server.Jobs;

/// <summary>Writes a state file whole or not at all: into a temporary beside it, flushed to disk, then renamed over it.</summary>
internal static class StateFile
{
    public static void Write(string path, Action<Stream> contents)
    {
        string temporary = $"{path}.{Environment.ProcessId}.tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            contents(stream);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
