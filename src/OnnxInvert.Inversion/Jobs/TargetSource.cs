using OnnxInvert.Inversion.Engine;
using OnnxInvert.Inversion.Jobs.Sharding;

namespace OnnxInvert.Inversion.Jobs;

/// <summary>
/// Where a job's targets come from, read by index so a job asks only for the images it is about to invert and memory
/// stays bounded whatever their number: a folder of PNG/JPEG files (sorted by name; only the names are kept), one image
/// file, an .npy array [N, C, H, W] (values taken as already in the generator's output range; rows read by seeking,
/// never the whole array), or a manifest (a .txt of image paths, one a line, or a .csv with a <c>path</c> column and
/// optional condition-input columns; relative paths from the manifest's folder, in the manifest's order).
/// <see cref="Open"/> picks the kind from the path.
/// </summary>
public abstract class TargetSource
{
    /// <summary>The path the targets were opened from.</summary>
    public abstract string Path { get; }

    /// <summary>How many images.</summary>
    public abstract int Count { get; }

    /// <summary>The files of a folder that were skipped (undecodable, or of another size or channel count), in name order.</summary>
    public virtual IReadOnlyList<string> Skipped => [];

    /// <summary>
    /// For each of <see cref="Skipped"/>, how many targets come before it in the input's order (so a shard's part
    /// can list the skipped files that lie among its own items); empty when nothing was skipped.
    /// </summary>
    internal virtual IReadOnlyList<int> SkippedPositions => [];

    /// <summary>The shard this source is a part of the whole input for, or null when it is the whole input.</summary>
    public virtual ShardInfo? Shard => null;

    /// <summary>The whole input this source is a part of (itself when it is not a shard's part).</summary>
    public virtual TargetSource Whole => this;

    /// <summary>The source name of image <paramref name="index"/> (a file name, or <c>FILE.npy[i]</c>).</summary>
    public abstract string Name(int index);

    /// <summary>The images at <paramref name="indices"/> as inversion targets that carry those indices (and <paramref name="initialLatents"/>, a row per index, when given).</summary>
    public abstract InversionTargets Read(IReadOnlyList<int> indices, float[]? initialLatents = null);

    /// <summary>
    /// The images at <paramref name="indices"/> as feed targets that carry those indices and names and, from a CSV
    /// manifest with condition columns, each image's condition rows (what a streaming job reads a batch ahead).
    /// </summary>
    public virtual IReadOnlyList<FeedTarget> ReadTargets(IReadOnlyList<int> indices)
    {
        var targets = Read(indices);
        int length = targets.ImageLength;
        return [.. Enumerable.Range(0, targets.Count).Select(k => new FeedTarget(targets.Data.AsMemory(k * length, length), targets.Indices[k], targets.Names[k]))];
    }

    /// <summary>The condition inputs a CSV manifest gives per image (its columns besides <c>path</c>); empty otherwise.</summary>
    public virtual IReadOnlyList<string> ConditionColumns => [];

    /// <summary>
    /// Shard <paramref name="shard"/>'s part of this input: the contiguous range <see cref="ShardPartition.RangeOf"/>
    /// gives. Its targets carry their positions in the whole input (so their random draws are an unsharded run's);
    /// its names and rows are the shard's.
    /// </summary>
    /// <exception cref="InvalidOperationException">This source is already a shard's part.</exception>
    public TargetSource ForShard(ShardSpec shard)
    {
        ArgumentNullException.ThrowIfNull(shard);
        return Shard is null
            ? new ShardTargetSource(this, ShardInfo.For(shard, Count))
            : throw new InvalidOperationException($"{Path}: already the part of {Shard.Spec}; shard the whole input");
    }

    /// <summary>
    /// The condition inputs a CSV manifest at <paramref name="path"/> gives per image (its header's columns besides
    /// <c>path</c>), read from the header alone, before the targets are opened; empty for any other input.
    /// </summary>
    public static IReadOnlyList<string> ConditionColumnsOf(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || !File.Exists(path))
        {
            return [];
        }

        string? header = File.ReadLines(path).FirstOrDefault();
        return header is null ? [] : [.. header.Split(',').Select(h => h.Trim()).Where(h => h.Length > 0 && h != "path")];
    }

    /// <summary>
    /// Opens <paramref name="path"/> for a generator that needs <paramref name="format"/>. In a folder, a file that
    /// cannot be read or decoded is passed to <paramref name="notice"/> and skipped.
    /// </summary>
    /// <exception cref="FileNotFoundException">Nothing is at <paramref name="path"/>, or a folder holds no readable image.</exception>
    /// <exception cref="Imaging.ImageFormatException">An image does not fit the format (and resizing is off).</exception>
    /// <exception cref="FormatException">An array does not have the shape [N, C, H, W] of the format, holds no images
    /// or a NaN or infinity (<see cref="Imaging.NonFiniteDataException"/>), or values far outside the generator's range
    /// (<see cref="TargetRangeException"/>).</exception>
    public static TargetSource Open(string path, TargetFormat format, Action<string>? notice = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(format);
        return Streaming.SourceOpener.Open(path, format, notice ?? (_ => { }));
    }
}
