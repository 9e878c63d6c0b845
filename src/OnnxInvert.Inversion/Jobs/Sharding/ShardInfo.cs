using System.Globalization;
using System.Text.Json;
using OnnxInvert.Imaging;

namespace OnnxInvert.Inversion.Jobs.Sharding;

/// <summary>
/// A shard folder's <c>shard.json</c>: which shard it is (<see cref="Index"/> of <see cref="Count"/>), how many items
/// the whole input has (<see cref="Total"/>) and which of them the shard holds (<see cref="First"/>,
/// <see cref="Items"/>, always <see cref="ShardPartition.RangeOf"/> of the two).
/// </summary>
public sealed record ShardInfo
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The shard's index.</summary>
    public required int Index { get; init; }

    /// <summary>The number of shards of the run.</summary>
    public required int Count { get; init; }

    /// <summary>The number of items of the whole input.</summary>
    public required int Total { get; init; }

    /// <summary>The position of the shard's first item in the whole input.</summary>
    public required int First { get; init; }

    /// <summary>How many items the shard holds.</summary>
    public required int Items { get; init; }

    /// <summary>The shard as a <see cref="ShardSpec"/>.</summary>
    public ShardSpec Spec => new(Index, Count);

    /// <summary>The shard's items as a range.</summary>
    public ShardRange Range => new(First, Items);

    /// <summary>The description of <paramref name="shard"/> of an input of <paramref name="total"/> items.</summary>
    public static ShardInfo For(ShardSpec shard, int total)
    {
        var range = ShardPartition.RangeOf(total, shard);
        return new ShardInfo { Index = shard.Index, Count = shard.Count, Total = total, First = range.First, Items = range.Count };
    }

    /// <summary>Writes it as <paramref name="folder"/>'s <see cref="ShardFolder.InfoFile"/> (atomically).</summary>
    public void Write(string folder) =>
        AtomicFile.Write(Path.Combine(folder, ShardFolder.InfoFile), s => JsonSerializer.Serialize(s, this, Json));

    /// <summary>Reads <paramref name="folder"/>'s <see cref="ShardFolder.InfoFile"/> and checks it against the folder's name and the partition.</summary>
    /// <exception cref="ShardFolderException">The file is missing, unreadable, or does not fit the folder name or the partition.</exception>
    public static ShardInfo Read(string folder)
    {
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));
        string path = Path.Combine(folder, ShardFolder.InfoFile);
        if (!File.Exists(path))
        {
            throw new ShardFolderException(name, $"{name}: no {ShardFolder.InfoFile}");
        }

        ShardInfo info;
        try
        {
            info = JsonSerializer.Deserialize<ShardInfo>(File.ReadAllText(path), Json) ?? throw new JsonException("null");
        }
        catch (JsonException ex)
        {
            throw new ShardFolderException(name, $"{name}: {ShardFolder.InfoFile} is unreadable ({ex.Message})", ex);
        }

        var expected = ShardSpec.FromFolderName(name);
        if (expected is not null && (expected.Index != info.Index || expected.Count != info.Count))
        {
            throw new ShardFolderException(name, string.Create(CultureInfo.InvariantCulture, $"{name}: {ShardFolder.InfoFile} says shard {info.Index} of {info.Count}"));
        }

        ShardRange range;
        try
        {
            range = ShardPartition.RangeOf(info.Total, info.Spec);
        }
        catch (Exception ex) when (ex is ShardSpecException or ArgumentOutOfRangeException)
        {
            throw new ShardFolderException(name, $"{name}: {ShardFolder.InfoFile} is invalid ({ex.Message})", ex);
        }

        return range == info.Range
            ? info
            : throw new ShardFolderException(name, string.Create(CultureInfo.InvariantCulture, $"{name}: {ShardFolder.InfoFile} holds {info.Range} of {info.Total}, but this shard's part is {range}"));
    }
}
