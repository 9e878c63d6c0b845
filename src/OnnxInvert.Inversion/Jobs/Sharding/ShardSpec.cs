using System.Globalization;
using System.Text.RegularExpressions;

namespace OnnxInvert.Inversion.Jobs.Sharding;

/// <summary>
/// One part of a sharded run: shard <see cref="Index"/> of <see cref="Count"/> (0 ≤ index &lt; count). Each shard
/// writes its own folder, <see cref="FolderName"/> (e.g. <c>shard-00003-of-00016</c>), inside the run's output folder.
/// </summary>
public sealed partial record ShardSpec
{
    /// <summary>The most shards one run may have (the folder name keeps five digits).</summary>
    public const int MaxCount = 99_999;

    /// <summary>Shard <paramref name="index"/> of <paramref name="count"/>.</summary>
    /// <exception cref="ShardSpecException">The count is not in [1, <see cref="MaxCount"/>] or the index not in [0, count).</exception>
    public ShardSpec(int index, int count)
    {
        if (count is < 1 or > MaxCount)
        {
            throw new ShardSpecException(string.Create(CultureInfo.InvariantCulture, $"the shard count must be between 1 and {MaxCount}; got {count}"));
        }

        if (index < 0 || index >= count)
        {
            throw new ShardSpecException(string.Create(CultureInfo.InvariantCulture, $"the shard index must be between 0 and {count - 1} for {count} shards; got {index}"));
        }

        Index = index;
        Count = count;
    }

    /// <summary>This shard's position, from 0.</summary>
    public int Index { get; }

    /// <summary>How many shards the run has.</summary>
    public int Count { get; }

    /// <summary>The shard's folder name inside the output folder: <c>shard-IIIII-of-NNNNN</c>.</summary>
    public string FolderName => string.Create(CultureInfo.InvariantCulture, $"shard-{Index:D5}-of-{Count:D5}");

    /// <summary>Reads a shard folder name written by <see cref="FolderName"/>; null for any other name.</summary>
    public static ShardSpec? FromFolderName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var match = FolderPattern().Match(name);
        if (!match.Success)
        {
            return null;
        }

        int index = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        int count = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
        return count is >= 1 and <= MaxCount && index < count ? new ShardSpec(index, count) : null;
    }

    /// <inheritdoc/>
    public override string ToString() => FolderName;

    [GeneratedRegex("^shard-([0-9]{5})-of-([0-9]{5})$", RegexOptions.CultureInvariant)]
    private static partial Regex FolderPattern();
}
