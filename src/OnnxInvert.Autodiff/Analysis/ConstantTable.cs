using OnnxInvert.Onnx.Graphs;
using OnnxInvert.Onnx.Proto;
using OnnxInvert.Onnx.Tensors;

namespace OnnxInvert.Autodiff.Analysis;

/// <summary>
/// The graph's compile-time constants: initializers that are not graph inputs, Constant node outputs, and small
/// tensors the shape probe saw take the same value at both batch sizes (constant subgraphs left unfolded by exporters).
/// </summary>
internal sealed class ConstantTable
{
    private readonly Dictionary<string, TensorProto> _tensors = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<string, double[]> _observed;

    public ConstantTable(GraphProto graph, IReadOnlyDictionary<string, double[]>? observed = null)
    {
        _observed = observed ?? new Dictionary<string, double[]>();
        var inputs = graph.Input.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var tensor in graph.Initializer.Where(t => !inputs.Contains(t.Name)))
        {
            _tensors[tensor.Name] = tensor;
        }

        foreach (var node in graph.Node.Where(n => n.OpType == "Constant" && n.Domain is "" or "ai.onnx" && n.Output.Count == 1))
        {
            if (node.GetTensor("value") is { } value)
            {
                _tensors[node.Output[0]] = value;
            }
            else if (node.GetInts("value_ints") is { } ints)
            {
                _tensors[node.Output[0]] = Onnx.Building.TensorFactory.Int64Vector(node.Output[0], ints);
            }
            else if (node.Find("value_int") is { } i)
            {
                _tensors[node.Output[0]] = Onnx.Building.TensorFactory.Int64(node.Output[0], [i.I]);
            }
            else if (node.GetFloats("value_floats") is { } floats)
            {
                _tensors[node.Output[0]] = Onnx.Building.TensorFactory.Float(node.Output[0], floats, floats.Length);
            }
            else if (node.Find("value_float") is { } f)
            {
                _tensors[node.Output[0]] = Onnx.Building.TensorFactory.Float(node.Output[0], [f.F]);
            }
        }
    }

    /// <summary>Whether <paramref name="name"/> is a compile-time constant.</summary>
    public bool Contains(string name) => _tensors.ContainsKey(name) || _observed.ContainsKey(name);

    /// <summary>The constant's integer values, or null when <paramref name="name"/> is not a constant.</summary>
    public long[]? Int64s(string name) =>
        _tensors.TryGetValue(name, out var t) ? TensorProtoReader.ToInt64s(t)
        : _observed.TryGetValue(name, out var v) ? Array.ConvertAll(v, x => (long)x)
        : null;

    /// <summary>The constant's dims, or null when <paramref name="name"/> is not a constant.</summary>
    public long[]? Dims(string name) => _tensors.TryGetValue(name, out var t) ? t.Dims.ToArray() : null;

    /// <summary>The constant's values as float64, or null when <paramref name="name"/> is not a constant.</summary>
    public double[]? Doubles(string name) =>
        _tensors.TryGetValue(name, out var t) ? TensorProtoReader.ToDoubles(t) : _observed.GetValueOrDefault(name);
}
