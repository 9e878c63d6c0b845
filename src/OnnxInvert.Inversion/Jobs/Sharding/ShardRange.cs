using System.Globalization;

namespace OnnxInvert.Inversion.Jobs.Sharding;

/// <summary>
/// The items of one shard: positions <see cref="First"/> to <see cref="End"/> − 1 of the whole input, in its
/// deterministic order (a folder walked in sorted order, an <c>.npy</c>'s rows, a manifest's lines).
/// </summary>
/// <param name="First">The position of the shard's first item in the whole input.</param>
/// <param name="Count">How many items the shard holds (0 when there are more shards than items).</param>
public readonly record struct ShardRange(int First, int Count)
{
    /// <summary>One past the position of the shard's last item.</summary>
    public int End => First + Count;

    /// <summary>Whether the item at <paramref name="position"/> of the whole input belongs to the shard.</summary>
    public bool Contains(int position) => position >= First && position < End;

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"items {First}..{End - 1} ({Count})");
}
