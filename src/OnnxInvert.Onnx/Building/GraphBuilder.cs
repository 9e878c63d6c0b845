using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Onnx.Building;

/// <summary>
/// Appends nodes, constants, inputs and outputs to a graph with names guaranteed unique across the graph and its
/// subgraphs. Nodes are appended in call order, so callers emit them topologically.
/// </summary>
public sealed class GraphBuilder
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _counters = new(StringComparer.Ordinal);

    /// <summary>Wraps <paramref name="graph"/> (which is modified in place) for a model importing the given ONNX opset.</summary>
    public GraphBuilder(GraphProto graph, long opset)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentOutOfRangeException.ThrowIfLessThan(opset, 1);
        Graph = graph;
        Opset = opset;
        GraphNames.Collect(graph, _names);
    }

    /// <summary>The graph being built.</summary>
    public GraphProto Graph { get; }

    /// <summary>The default-domain opset the graph's model imports; emitters choose operand forms by it.</summary>
    public long Opset { get; }

    /// <summary>Whether <paramref name="name"/> is already used by some value or node in the graph.</summary>
    public bool IsUsed(string name) => _names.Contains(name);

    /// <summary>Claims <paramref name="name"/> exactly, failing if it is already used.</summary>
    public string Claim(string name)
    {
        if (!_names.Add(name))
        {
            throw new InvalidOperationException($"the name '{name}' is already used in graph '{Graph.Name}'");
        }

        return name;
    }

    /// <summary>A name not yet used in the graph, derived from <paramref name="hint"/>, and claims it.</summary>
    public string UniqueName(string hint)
    {
        if (_names.Add(hint))
        {
            return hint;
        }

        _counters.TryGetValue(hint, out int next);
        string candidate;
        do
        {
            candidate = $"{hint}_{++next}";
        }
        while (!_names.Add(candidate));
        _counters[hint] = next;
        return candidate;
    }

    /// <summary>Appends a node with one output and returns that output's name.</summary>
    public string Node(string opType, IReadOnlyList<string> inputs, string? outputHint = null, params IEnumerable<AttributeProto> attributes) =>
        Node(opType, inputs, 1, outputHint, attributes)[0];

    /// <summary>Appends a node with <paramref name="outputCount"/> outputs and returns their names.</summary>
    public string[] Node(string opType, IReadOnlyList<string> inputs, int outputCount, string? outputHint = null, params IEnumerable<AttributeProto> attributes)
    {
        ArgumentException.ThrowIfNullOrEmpty(opType);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputCount);
        string hint = outputHint ?? opType;
        var outputs = new string[outputCount];
        for (int i = 0; i < outputCount; i++)
        {
            outputs[i] = UniqueName(outputCount == 1 ? hint : $"{hint}_out{i}");
        }

        var node = new NodeProto { OpType = opType, Name = UniqueName($"{hint}_node") };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
        return outputs;
    }

    /// <summary>Adds <paramref name="tensor"/> as an initializer under a unique name derived from its own and returns that name.</summary>
    public string Constant(TensorProto tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        tensor.Name = UniqueName(string.IsNullOrEmpty(tensor.Name) ? "const" : tensor.Name);
        Graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    /// <summary>Adds a 1-D int64 constant (shapes, axes, pads) and returns its name.</summary>
    public string Int64s(string hint, params ReadOnlySpan<long> values) => Constant(TensorFactory.Int64Vector(hint, values));

    /// <summary>Declares a graph input; its name must be unused.</summary>
    public void AddInput(ValueInfoProto input)
    {
        Claim(input.Name);
        Graph.Input.Add(input);
    }

    /// <summary>Declares an existing value as a graph output.</summary>
    public void AddOutput(ValueInfoProto output) => Graph.Output.Add(output);
}
