using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.Graphs;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Inversion.Models.Adaptation;

/// <summary>Who produces and who reads each tensor of a graph, and which tensors are compile-time constants.</summary>
internal sealed class GraphIndex
{
    private readonly Dictionary<string, NodeProto> _producers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TensorProto> _constants = new(StringComparer.Ordinal);

    public GraphIndex(GraphProto graph)
    {
        Graph = graph;
        Initializers = graph.Initializer.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        Inputs = graph.Input.Where(i => !Initializers.Contains(i.Name)).Select(i => i.Name).ToArray();
        var inputNames = graph.Input.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var tensor in graph.Initializer.Where(t => !inputNames.Contains(t.Name)))
        {
            _constants[tensor.Name] = tensor;
        }

        foreach (var node in graph.Node)
        {
            foreach (string output in node.Output.Where(o => o.Length > 0))
            {
                _producers[output] = node;
            }

            if (node.OpType == "Constant" && node.Domain is "" or "ai.onnx" && node.Output.Count == 1 && ConstantValue(node) is { } value)
            {
                _constants[node.Output[0]] = value;
            }
        }
    }

    public GraphProto Graph { get; }

    /// <summary>The names of the initializers.</summary>
    public HashSet<string> Initializers { get; }

    /// <summary>The graph's real inputs (initializers listed as inputs excluded), in order.</summary>
    public IReadOnlyList<string> Inputs { get; }

    /// <summary>The node producing <paramref name="tensor"/>, or null for inputs, initializers and unknown names.</summary>
    public NodeProto? Producer(string tensor) => _producers.GetValueOrDefault(tensor);

    /// <summary>Whether some node, input or initializer defines <paramref name="tensor"/>.</summary>
    public bool Defines(string tensor) => _producers.ContainsKey(tensor) || Initializers.Contains(tensor) || Inputs.Contains(tensor);

    /// <summary>The value of a constant (an initializer that is not an input, or a Constant node's output), or null.</summary>
    public TensorProto? Constant(string tensor) => _constants.GetValueOrDefault(tensor);

    /// <summary>Every tensor a node reads: its inputs and the outer-scope names its subgraphs use.</summary>
    public static IEnumerable<string> Reads(NodeProto node)
    {
        foreach (string input in node.Input.Where(i => i.Length > 0))
        {
            yield return input;
        }

        foreach (var attribute in node.Attribute)
        {
            var graphs = attribute.G is null ? attribute.Graphs : attribute.Graphs.Append(attribute.G);
            foreach (var subgraph in graphs)
            {
                var names = new HashSet<string>(StringComparer.Ordinal);
                GraphNamesOf(subgraph, names);
                foreach (string name in names)
                {
                    yield return name;
                }
            }
        }
    }

    /// <summary>All float tensors a model's nodes produce, for "did you mean" lists in messages.</summary>
    public IEnumerable<string> ProducedTensors => Graph.Node.SelectMany(n => n.Output).Where(o => o.Length > 0);

    private static void GraphNamesOf(GraphProto graph, HashSet<string> names)
    {
        foreach (var node in graph.Node)
        {
            foreach (string name in Reads(node))
            {
                names.Add(name);
            }
        }
    }

    private static TensorProto? ConstantValue(NodeProto node)
    {
        string name = node.Output[0];
        if (node.GetTensor("value") is { } value)
        {
            return value;
        }

        if (node.GetInts("value_ints") is { } ints)
        {
            return TensorFactory.Int64Vector(name, ints);
        }

        if (node.Find("value_int") is { } i)
        {
            return TensorFactory.Int64(name, [i.I]);
        }

        if (node.GetFloats("value_floats") is { } floats)
        {
            return TensorFactory.Float(name, floats, floats.Length);
        }

        return node.Find("value_float") is { } f ? TensorFactory.Float(name, [f.F]) : null;
    }
}
