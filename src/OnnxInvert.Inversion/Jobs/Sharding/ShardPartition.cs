namespace OnnxInvert.Inversion.Jobs.Sharding;

/// <summary>
/// Splits the items of a run into shards: shard i of n takes the contiguous positions ⌊total·i/n⌋ to
/// ⌊total·(i+1)/n⌋ − 1 of the input's deterministic order, so shard sizes differ by at most one and the merged
/// output is the shards' rows one after the other, in input order.
/// </summary>
/// <remarks>
/// <para>Why ranges and not a hash of each item's id modulo n: both are deterministic, and neither keeps an item in
/// its shard when n changes (a hash mod n moves about (n−1)/n of the items too), so reusing work across shard counts
/// needs a lookup by item id either way (<see cref="ReuseIndex"/>). Given that lookup, ranges win on everything else:
/// exact balance instead of a binomial spread, each shard reads one contiguous slice of an <c>.npy</c> or a manifest
/// (sequential I/O, memory-mapped rows), the merge needs no sort, and a shard's items can be named by two numbers.
/// What ranges lose: when items are added to or removed from the input, the boundaries move, so a shard gets items
/// another shard count or an earlier run had; the id lookup still finds those finished items, so no work is redone.</para>
/// <para>The id (a manifest path, a folder-relative file name, an <c>.npy</c> row) stays what identifies an item
/// across runs: it is what <see cref="ReuseIndex"/> looks up and what the merge checks for duplicates.</para>
/// </remarks>
public static class ShardPartition
{
    /// <summary>The range of <paramref name="shard"/> in an input of <paramref name="total"/> items.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="total"/> is negative.</exception>
    public static ShardRange RangeOf(int total, ShardSpec shard)
    {
        ArgumentNullException.ThrowIfNull(shard);
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        int first = Boundary(total, shard.Index, shard.Count);
        return new ShardRange(first, Boundary(total, shard.Index + 1, shard.Count) - first);
    }

    private static int Boundary(int total, int index, int count) => (int)((long)total * index / count);
}
