using OnnxInvert.Inversion.Engine;

namespace OnnxInvert.Inversion.Jobs.Sharding;

/// <summary>
/// One shard's part of a <see cref="TargetSource"/>: item r is item <c>First + r</c> of the whole input. The targets it
/// reads carry their positions in the whole input, so every random draw of an item (seeded by that index) is the
/// one an unsharded run makes; <see cref="InversionJob"/> maps the results back to rows of the shard.
/// </summary>
internal sealed class ShardTargetSource(TargetSource whole, ShardInfo info) : TargetSource
{
    public override string Path => whole.Path;

    public override int Count => info.Items;

    public override ShardInfo? Shard => info;

    public override TargetSource Whole => whole;

    public override string Name(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, info.Items);
        return whole.Name(info.First + index);
    }

    public override IReadOnlyList<string> ConditionColumns => whole.ConditionColumns;

    /// <summary>The whole input's skipped files that lie among this shard's items (one before item p goes with the shard holding p; those after the last item with the last shard).</summary>
    public override IReadOnlyList<string> Skipped => [.. Mine().Select(k => whole.Skipped[k])];

    internal override IReadOnlyList<int> SkippedPositions => [.. Mine().Select(k => whole.SkippedPositions[k] - info.First)];

    private IEnumerable<int> Mine()
    {
        var positions = whole.SkippedPositions;
        for (int k = 0; k < positions.Count && k < whole.Skipped.Count; k++)
        {
            int p = positions[k];
            if ((p >= info.First && p < info.First + info.Items) || (p >= info.Total && info.Index == info.Count - 1))
            {
                yield return k;
            }
        }
    }

    public override IReadOnlyList<FeedTarget> ReadTargets(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        return whole.ReadTargets([.. indices.Select(i => info.First + i)]);
    }

    public override InversionTargets Read(IReadOnlyList<int> indices, float[]? initialLatents = null)
    {
        ArgumentNullException.ThrowIfNull(indices);
        return whole.Read([.. indices.Select(i => info.First + i)], initialLatents);
    }
}
