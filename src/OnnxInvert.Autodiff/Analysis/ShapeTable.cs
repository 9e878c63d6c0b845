namespace OnnxInvert.Autodiff.Analysis;

/// <summary>The observed <see cref="TensorInfo"/> of every tensor in a forward graph.</summary>
public sealed class ShapeTable
{
    private readonly Dictionary<string, TensorInfo> _infos;

    /// <summary>Creates a table over the given infos.</summary>
    public ShapeTable(IReadOnlyDictionary<string, TensorInfo> infos) => _infos = new(infos, StringComparer.Ordinal);

    /// <summary>The reference batch size the dims were recorded at.</summary>
    public required long ReferenceBatch { get; init; }

    /// <summary>The info of tensor <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">The tensor was not observed.</exception>
    public TensorInfo this[string name] =>
        _infos.TryGetValue(name, out var info) ? info : throw new KeyNotFoundException($"no shape was observed for tensor '{name}'");

    /// <summary>Whether tensor <paramref name="name"/> was observed.</summary>
    public bool Contains(string name) => _infos.ContainsKey(name);

    /// <summary>
    /// Values of small tensors that were identical in both probe runs (e.g. Resize scales computed by a Concat of
    /// constants in exported graphs), as float64; used where an operand must be known at build time.
    /// </summary>
    public IReadOnlyDictionary<string, double[]> ObservedValues { get; init; } = new Dictionary<string, double[]>();

    /// <summary>A new table with this table's entries and <paramref name="other"/>'s (probed at the same batches); other's win on a clash.</summary>
    internal ShapeTable Merged(ShapeTable other)
    {
        if (other.ReferenceBatch != ReferenceBatch)
        {
            throw new ArgumentException($"tables probed at reference batches {ReferenceBatch} and {other.ReferenceBatch} cannot be merged", nameof(other));
        }

        var infos = new Dictionary<string, TensorInfo>(_infos, StringComparer.Ordinal);
        foreach (var (name, info) in other._infos)
        {
            infos[name] = info;
        }

        var values = new Dictionary<string, double[]>(ObservedValues, StringComparer.Ordinal);
        foreach (var (name, value) in other.ObservedValues)
        {
            values[name] = value;
        }

        return new ShapeTable(infos) { ReferenceBatch = ReferenceBatch, ObservedValues = values };
    }

    /// <summary>Adds or replaces an entry (the builder records the tensors it emits when it knows them).</summary>
    public void Set(string name, TensorInfo info) => _infos[name] = info;
}
