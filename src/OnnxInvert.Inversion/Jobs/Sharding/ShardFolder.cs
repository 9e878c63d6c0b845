using OnnxInvert.Imaging;

namespace OnnxInvert.Inversion.Jobs.Sharding;

/// <summary>
/// The files of a shard folder (<c>OUT/shard-IIIII-of-NNNNN/</c>) that the merge reads, and of the merged folder it
/// writes. The whole contract, field by field, is docs/shard-format.md. A shard folder is a run folder (the layout of
/// an unsharded run) plus <see cref="InfoFile"/>, and <see cref="SuccessFile"/> once every item is finished.
/// </summary>
public static class ShardFolder
{
    /// <summary>Which shard the folder is and which items it holds (<see cref="ShardInfo"/>); written when the shard starts.</summary>
    public const string InfoFile = "shard.json";

    /// <summary>The run's fingerprint and one result object per finished item (<c>index</c> = row, <c>source</c> = item id).</summary>
    public const string StateFile = RunFolder.StateFile;

    /// <summary>float32 [items, latent dims...]; row r is the latent of the result whose <c>index</c> is r.</summary>
    public const string LatentsFile = RunFolder.LatentsFile;

    /// <summary>One line per finished item, the fields of its result.</summary>
    public const string MetricsFile = RunFolder.MetricsFile;

    /// <summary>Which item each row is.</summary>
    public const string IndexFile = RunFolder.IndexFile;

    /// <summary>Mean figures and every setting of the run.</summary>
    public const string SummaryFile = RunFolder.SummaryFile;

    /// <summary>Empty; written last, when every item of the folder is finished and every other file is in place.</summary>
    public const string SuccessFile = "_SUCCESS";

    /// <summary>Whether <paramref name="folder"/> is complete (holds <see cref="SuccessFile"/>).</summary>
    public static bool IsComplete(string folder) => File.Exists(Path.Combine(folder, SuccessFile));

    /// <summary>Marks <paramref name="folder"/> complete; call it after every other file is written.</summary>
    public static void MarkComplete(string folder) => AtomicFile.Write(Path.Combine(folder, SuccessFile), _ => { });

    /// <summary>Removes the completion mark, before a folder is written again.</summary>
    public static void ClearComplete(string folder) => File.Delete(Path.Combine(folder, SuccessFile));

    /// <summary>The shard folders directly inside <paramref name="outFolder"/>, in shard-count then index order.</summary>
    public static IReadOnlyList<(ShardSpec Spec, string Path)> Find(string outFolder)
    {
        ArgumentException.ThrowIfNullOrEmpty(outFolder);
        if (!Directory.Exists(outFolder))
        {
            throw new DirectoryNotFoundException($"{outFolder}: no such folder");
        }

        return [.. Directory.EnumerateDirectories(outFolder, "shard-*-of-*")
            .Select(path => (Spec: ShardSpec.FromFolderName(Path.GetFileName(path)), Path: path))
            .Where(s => s.Spec is not null)
            .Select(s => (s.Spec!, s.Path))
            .OrderBy(s => s.Item1.Count)
            .ThenBy(s => s.Item1.Index)];
    }
}
