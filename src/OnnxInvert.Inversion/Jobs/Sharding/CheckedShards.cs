namespace OnnxInvert.Inversion.Jobs.Sharding;

/// <summary>
/// The shards of one run, in index order, that passed <see cref="ShardCheck"/>, with what they share: the fields of
/// every result (<see cref="Fields"/>, the merged metrics.csv columns) and the shape of one latent.
/// </summary>
internal sealed class CheckedShards(IReadOnlyList<CheckedShard> shards, IReadOnlyList<string> fields, int[] rowShape) : IReadOnlyList<CheckedShard>
{
    public IReadOnlyList<string> Fields { get; } = fields;

    public int[] RowShape { get; } = rowShape;

    public int Count => shards.Count;

    public CheckedShard this[int index] => shards[index];

    public IEnumerator<CheckedShard> GetEnumerator() => shards.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
