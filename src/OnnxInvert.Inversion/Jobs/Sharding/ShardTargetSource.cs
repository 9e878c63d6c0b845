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
