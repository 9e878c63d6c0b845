using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.Proto;
using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;

namespace OnnxInvert.Autodiff.Analysis;

/// <summary>
/// Cuts a long forward graph into consecutive pieces of its topological order for <see cref="ShapeProbe"/>. ONNX
/// Runtime's session time grows with the square of a graph's output count (a name search over the outputs), and the
/// probe makes every value an output: in pieces of <see cref="ShapeProbe.SegmentNodes"/> nodes, each session has at
/// most that many, so the probe stays linear in the graph. A piece reads what earlier pieces produced (and the
/// graph's inputs) as its own inputs, with the initializers its nodes and their subgraphs read.
/// </summary>
internal sealed class ProbeSegments
{
    private readonly ModelProto _model;
    private readonly List<NodeProto[]> _pieces;
    private readonly Dictionary<string, TensorProto> _initializers;
    private readonly Dictionary<string, SparseTensorProto> _sparse;
    private readonly Dictionary<string, int> _lastReader = new(StringComparer.Ordinal);

    private ProbeSegments(ModelProto model, List<NodeProto[]> pieces)
    {
        _model = model;
        _pieces = pieces;
        _initializers = model.Graph.Initializer.GroupBy(t => t.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        _sparse = model.Graph.SparseInitializer.GroupBy(t => t.Values.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        for (int index = 0; index < pieces.Count; index++)
        {
            foreach (string name in pieces[index].SelectMany(Reads))
            {
                _lastReader[name] = index;
            }
        }
    }

    /// <summary>How many pieces there are.</summary>
    public int Count => _pieces.Count;

    /// <summary>The last piece that reads <paramref name="name"/>; -1 when none does (a value only observed).</summary>
    public int LastReader(string name) => _lastReader.GetValueOrDefault(name, -1);

    /// <summary>Cuts <paramref name="model"/>'s graph (not modified) into pieces of at most <paramref name="nodes"/> nodes.</summary>
    public static ProbeSegments Split(ModelProto model, int nodes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, 1);
        var order = TopologicalOrder.Sort(model.Graph);
        return new ProbeSegments(model, order.Chunk(nodes).ToList());
    }

    /// <summary>
    /// Piece <paramref name="index"/> as a model whose outputs are every value its nodes produce, and the names of its
    /// inputs: values of earlier pieces or of the graph's inputs, typed by <paramref name="typeOf"/>.
    /// </summary>
    public (ModelProto Model, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs) Piece(int index, Func<string, DataType> typeOf)
    {
        var nodes = _pieces[index];
        var produced = nodes.SelectMany(n => n.Output).Where(o => o.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
        var inside = produced.ToHashSet(StringComparer.Ordinal);
        var read = nodes.SelectMany(Reads).Where(name => !inside.Contains(name)).Distinct(StringComparer.Ordinal).ToArray();
        var graph = new GraphProto { Name = $"{_model.Graph.Name}_probe{index}" };
        graph.Node.AddRange(nodes);
        var inputs = new List<string>();
        foreach (string name in read)
        {
            if (_initializers.TryGetValue(name, out var tensor))
            {
                graph.Initializer.Add(tensor);
            }
            else if (_sparse.TryGetValue(name, out var sparse))
            {
                graph.SparseInitializer.Add(sparse);
            }
            else
            {
                graph.Input.Add(ValueInfoFactory.Tensor(name, typeOf(name), null));
                inputs.Add(name);
            }
        }

        graph.Output.AddRange(produced.Select(name => new ValueInfoProto { Name = name }));
        var model = new ModelProto { IrVersion = _model.IrVersion, Graph = graph };
        model.OpsetImport.AddRange(_model.OpsetImport);
        model.Functions.AddRange(_model.Functions);
        return (model, inputs, produced);
    }

    /// <summary>What <paramref name="node"/> reads: its inputs and its subgraphs' outer-scope captures.</summary>
    private static IEnumerable<string> Reads(NodeProto node) =>
        node.Input.Concat(SubgraphCaptures.Of(node).Select(c => c.Tensor)).Where(name => name.Length > 0);
}
