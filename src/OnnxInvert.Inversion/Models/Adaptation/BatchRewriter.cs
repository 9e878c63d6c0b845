using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.Graphs;
using OnnxInvert.Onnx.Proto;
using OnnxInvert.Onnx.Tensors;
using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;

namespace OnnxInvert.Inversion.Models.Adaptation;

/// <summary>
/// Makes a fixed batch symbolic in a copy of a graph: the inputs' and outputs' leading dimension, and the shape
/// constants with the batch baked in (Reshape targets, Expand and ConstantOfShape shapes, Tile repeats of
/// batch-independent tensors) that lie on batch-dependent paths. value_info (stale once the batch changes) is dropped.
/// The result is a candidate only: <see cref="BatchCheck"/> decides whether it computes the same thing.
/// </summary>
internal static class BatchRewriter
{
    /// <summary>The symbol given to the batch dimension.</summary>
    public const string BatchSymbol = "batch";

    /// <summary>
    /// The shape operands of Reshape, Expand, ConstantOfShape and Tile nodes that are neither constants nor computed
    /// from the graph's inputs (the exporter's Where(Equal(...)) for expand(-1)): one run of the graph gives their values.
    /// </summary>
    public static IReadOnlyList<string> ComputedShapes(ModelProto model)
    {
        var index = new GraphIndex(model.Graph);
        var dependent = index.Inputs.ToHashSet(StringComparer.Ordinal);
        var computed = new List<string>();
        foreach (var node in model.Graph.Node)
        {
            int shapeInput = ShapeOperand(node.OpType);
            if (shapeInput >= 0 && node.Input.Count > shapeInput && node.Input[shapeInput] is { Length: > 0 } shape
                && index.Constant(shape) is null && !dependent.Contains(shape) && index.Producer(shape) is not null)
            {
                computed.Add(shape);
            }

            if (GraphIndex.Reads(node).Any(dependent.Contains))
            {
                dependent.UnionWith(node.Output.Where(o => o.Length > 0));
            }
        }

        return computed.Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>
    /// The rewritten copy of <paramref name="model"/>, whose graph inputs with leading dimension <paramref name="batch"/>
    /// carry the batch; <paramref name="computed"/> holds the values of <see cref="ComputedShapes"/>.
    /// </summary>
    public static ModelProto Rewrite(ModelProto model, long batch, IReadOnlyDictionary<string, long[]> computed, List<string> changes)
    {
        var copy = model.Clone();
        var graph = copy.Graph;
        var index = new GraphIndex(graph);
        var builder = new GraphBuilder(graph, copy.OpsetVersion() ?? 13);
        var batchInputs = graph.Input.Where(i => index.Inputs.Contains(i.Name) && LeadingDim(i) == batch).ToArray();
        foreach (var value in batchInputs.Concat(graph.Output.Where(o => LeadingDim(o) == batch)))
        {
            value.Type.TensorType.Shape.Dim[0] = new TensorShapeProto.Types.Dimension { DimParam = BatchSymbol };
        }

        graph.ValueInfo.Clear();
        var dependent = batchInputs.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        var prefix = new List<NodeProto>();
        string? runtimeBatch = null;
        string RuntimeBatch()
        {
            if (runtimeBatch is null)
            {
                string shape = builder.UniqueName("batch_shape");
                string indices = builder.Int64s("batch_axis", 0);
                runtimeBatch = builder.UniqueName("batch_size");
                prefix.Add(NewNode(builder, "Shape", [batchInputs[0].Name], shape));
                prefix.Add(NewNode(builder, "Gather", [shape, indices], runtimeBatch, Attr.Int("axis", 0)));
            }

            return runtimeBatch;
        }

        var body = new List<NodeProto>();
        int rewritten = 0;
        foreach (var node in graph.Node)
        {
            bool reads = GraphIndex.Reads(node).Any(dependent.Contains);
            int shapeInput = node.OpType switch
            {
                "Reshape" when reads && Dependent(node, 0, dependent) => 1,
                "Expand" => 1,
                "ConstantOfShape" => 0,
                "Tile" when !Dependent(node, 0, dependent) => 1,
                _ => -1,
            };
            long[]? values = shapeInput >= 0 && node.Input.Count > shapeInput
                ? Int64s(index, node.Input[shapeInput]) ?? computed.GetValueOrDefault(node.Input[shapeInput])
                : null;
            if (values is { Length: >= 2 } && values[0] == batch && batchInputs.Length > 0)
            {
                var rest = values[1..];
                if (node.OpType == "Reshape" && !rest.Contains(-1))
                {
                    node.Input[1] = builder.Int64s(node.Input[1].TrimStart('/') + "_any_batch", [-1, .. rest]);
                }
                else
                {
                    string tail = builder.Int64s(node.Input[shapeInput].TrimStart('/') + "_tail", rest);
                    string joined = builder.UniqueName(node.Input[shapeInput].TrimStart('/') + "_batched");
                    body.Add(NewNode(builder, "Concat", [RuntimeBatch(), tail], joined, Attr.Int("axis", 0)));
                    node.Input[shapeInput] = joined;
                }

                rewritten++;
                changes.Add($"{node.Describe()}: the batch {batch} baked into [{string.Join(",", values)}] now follows the input batch");
                reads = true;
            }

            if (reads)
            {
                dependent.UnionWith(node.Output.Where(o => o.Length > 0));
            }

            body.Add(node);
        }

        graph.Node.Clear();
        graph.Node.AddRange(prefix.Concat(body));
        changes.Add($"made the batch dimension symbolic ('{BatchSymbol}') on {string.Join(", ", batchInputs.Select(i => $"'{i.Name}'"))} and the output ({rewritten} shape constant{(rewritten == 1 ? string.Empty : "s")} rewritten)");
        return copy;
    }

    private static int ShapeOperand(string op) => op switch
    {
        "Reshape" or "Expand" or "Tile" => 1,
        "ConstantOfShape" => 0,
        _ => -1,
    };

    /// <summary>The fixed leading dimension of a declared tensor, or null.</summary>
    public static long? LeadingDim(ValueInfoProto value) =>
        value.Type?.TensorType?.Shape is { Dim.Count: > 0 } shape && shape.Dim[0].HasDimValue ? shape.Dim[0].DimValue : null;

    private static bool Dependent(NodeProto node, int input, HashSet<string> dependent) =>
        node.Input.Count > input && dependent.Contains(node.Input[input]);

    private static long[]? Int64s(GraphIndex index, string name)
    {
        var tensor = index.Constant(name);
        return tensor is not null && tensor.Dims.Count == 1 && (DataType)tensor.DataType == DataType.Int64 ? TensorProtoReader.ToInt64s(tensor) : null;
    }

    private static NodeProto NewNode(GraphBuilder builder, string op, string[] inputs, string output, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = builder.UniqueName(output + "_node") };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        return node;
    }
}
