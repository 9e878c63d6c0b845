using OnnxInvert.Autodiff.Analysis;
using OnnxInvert.Autodiff.Emit;
using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.Graphs;
using OnnxInvert.Onnx.Proto;
using OnnxInvert.Onnx.Tensors;
using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;
using OnnxInvert.Imaging;

namespace OnnxInvert.Autodiff.Objective.Features;

/// <summary>
/// The feature network grafted onto G's image: a standalone model whose input is named like G's image output and
/// whose nodes are the input adaptation plus F's nodes (only those the chosen layers need), every name of F and of
/// the adaptation under one prefix that G does not use. Its nodes can be appended to G's graph unchanged.
/// </summary>
internal sealed class FeatureGraph
{
    private FeatureGraph(ModelProto model, string prefix, IReadOnlyList<FeatureLayerPlan> layers, ShapeTable shapes)
    {
        Model = model;
        Prefix = prefix;
        Layers = layers;
        Shapes = shapes;
    }

    /// <summary>Input = G's image name; outputs = the layers' raw (grafted) tensors.</summary>
    public ModelProto Model { get; }

    /// <summary>The prefix of every name the graft adds.</summary>
    public string Prefix { get; }

    /// <summary>One plan per compared layer.</summary>
    public IReadOnlyList<FeatureLayerPlan> Layers { get; }

    /// <summary>The observed shapes of the graft's tensors (at the same probe batches as G's table).</summary>
    public ShapeTable Shapes { get; }

    /// <summary>Grafts <paramref name="spec"/>'s network onto the image <paramref name="image"/> of <paramref name="generator"/>.</summary>
    public static FeatureGraph Build(ModelProto generator, string image, TensorInfo imageInfo, PixelRange imageRange, FeatureSpec spec)
    {
        var f = spec.Model;
        long opset = generator.OpsetVersion() ?? throw new GradientBuildException("the generator imports no default-domain ONNX opset");
        long fOpset = f.OpsetVersion() ?? throw new GradientBuildException($"{spec.Name} imports no default-domain ONNX opset");
        if (fOpset != opset)
        {
            throw new GradientBuildException($"{spec.Name} uses ONNX opset {fOpset} but the generator uses opset {opset}; export the feature network at opset {opset}");
        }

        var fGraph = f.Graph;
        var initializers = fGraph.Initializer.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var fInputs = fGraph.Input.Where(i => !initializers.Contains(i.Name)).ToArray();
        if (fInputs.Length != 1)
        {
            throw new GradientBuildException($"{spec.Name} must have exactly one image input; it has {fInputs.Length} ({string.Join(", ", fInputs.Select(i => i.Name))})");
        }

        if (imageInfo.Rank != 4)
        {
            throw new GradientBuildException($"a feature loss needs an NCHW image; the generator's output '{image}' is {imageInfo}");
        }

        string prefix = ChoosePrefix(generator.Graph);
        var graph = new GraphProto { Name = "features" };
        var type = imageInfo.ElementType;
        graph.Input.Add(ValueInfoFactory.Tensor(image, type, imageInfo.Dims.Select((d, i) => imageInfo.BatchDependent[i] ? (object)"batch" : d)));
        var builder = new GraphBuilder(graph, opset);
        var emitter = new Emitter(builder, prefix + "adapt/");
        string adapted = new InputAdapter(emitter, type, spec).Apply(image, imageInfo, imageRange, fInputs[0]);

        var layers = ResolveLayers(spec, fGraph);
        var plans = new List<FeatureLayerPlan>();
        CopyNodes(f, builder, prefix, fInputs[0].Name, adapted, layers.Select(l => l.Output), spec.Name);
        foreach (var layer in layers)
        {
            string raw = prefix + layer.Output;
            graph.Output.Add(new ValueInfoProto { Name = raw });
            plans.Add(new FeatureLayerPlan(layer.Output, raw, ChannelWeights(layer, fGraph, spec)));
        }

        var model = ModelFactory.Create(graph, opset, f.OpsetImport);
        ShapeTable shapes;
        try
        {
            shapes = ShapeProbe.Run(model);
        }
        catch (Exception ex) when (ex is not GradientBuildException)
        {
            throw new GradientBuildException($"{spec.Name} does not run on the adapted image ({imageInfo} adapted to its input '{fInputs[0].Name}'): {ex.Message}");
        }

        foreach (var plan in plans)
        {
            var info = shapes[plan.Raw];
            if (info.Rank < 2 || !info.IsFloat || info.BatchDependent.Skip(1).Any(b => b))
            {
                throw new GradientBuildException($"feature output '{plan.Output}' of {spec.Name} is {info}; a compared layer must be a float [batch, C, ...] tensor");
            }

            if (plan.Weights is { } w && w.Length != info.Dims[1])
            {
                throw new GradientBuildException($"feature output '{plan.Output}' has {info.Dims[1]} channels but {w.Length} channel weights were given");
            }
        }

        return new FeatureGraph(model, prefix, plans, shapes);
    }

    /// <summary>Appends the graft's nodes and initializers to <paramref name="target"/> (G's graph).</summary>
    public void AppendTo(GraphProto target)
    {
        target.Node.AddRange(Model.Graph.Node.Select(n => n.Clone()));
        target.Initializer.AddRange(Model.Graph.Initializer.Select(t => t.Clone()));
    }

    private static string ChoosePrefix(GraphProto g)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in g.Node)
        {
            names.Add(node.Name);
            names.UnionWith(node.Input);
            names.UnionWith(node.Output);
        }

        names.UnionWith(g.Initializer.Select(t => t.Name));
        names.UnionWith(g.Input.Concat(g.Output).Select(v => v.Name));
        for (int i = 0; ; i++)
        {
            string prefix = i == 0 ? "feature/" : $"feature{i}/";
            if (!names.Any(n => n.StartsWith(prefix, StringComparison.Ordinal)))
            {
                return prefix;
            }
        }
    }

    private static IReadOnlyList<FeatureLayer> ResolveLayers(FeatureSpec spec, GraphProto f)
    {
        var produced = f.Node.SelectMany(n => n.Output).Where(o => o.Length > 0).ToHashSet(StringComparer.Ordinal);
        string outputs = string.Join(", ", f.Output.Select(o => o.Name));
        if (spec.Layers.Count == 0)
        {
            var chosen = f.Output.Where(IsDefaultLayer).Select(o => new FeatureLayer(o.Name)).ToArray();
            return chosen.Length > 0 ? chosen : throw new GradientBuildException($"{spec.Name} has no float output with more than one channel to compare (outputs: {outputs}); name the layers");
        }

        if (spec.Layers.Select(l => l.Output).Distinct(StringComparer.Ordinal).Count() != spec.Layers.Count)
        {
            throw new GradientBuildException($"the feature layers of {spec.Name} repeat a name");
        }

        foreach (var layer in spec.Layers)
        {
            if (!produced.Contains(layer.Output))
            {
                throw new GradientBuildException($"'{layer.Output}' is not a tensor computed by {spec.Name} (its outputs: {outputs})");
            }

            if (layer.ChannelWeights is not null && layer.ChannelWeightsOutput is not null)
            {
                throw new GradientBuildException($"feature layer '{layer.Output}': give channel weights as a vector or as an output, not both");
            }

            if ((layer.ChannelWeights is not null || layer.ChannelWeightsOutput is not null) && spec.Distance == FeatureDistance.Cosine)
            {
                throw new GradientBuildException($"feature layer '{layer.Output}': the cosine distance takes no channel weights");
            }
        }

        return spec.Layers;
    }

    /// <summary>A float output of rank ≥ 2 whose channel dimension is not 1 (a one-channel output is a logit or a score).</summary>
    private static bool IsDefaultLayer(ValueInfoProto output)
    {
        if (output.Type?.TensorType is not { } t || (DataType)t.ElemType is not (DataType.Float or DataType.Double or DataType.Float16))
        {
            return false;
        }

        return t.Shape is not { } shape || (shape.Dim.Count >= 2 && !(shape.Dim[1].HasDimValue && shape.Dim[1].DimValue == 1));
    }

    private static float[]? ChannelWeights(FeatureLayer layer, GraphProto f, FeatureSpec spec)
    {
        if (layer.ChannelWeights is { } given)
        {
            return given.ToArray();
        }

        if (layer.ChannelWeightsOutput is not { } name)
        {
            return null;
        }

        string current = name;
        for (int hops = 0; hops < 16; hops++)
        {
            if (f.Initializer.FirstOrDefault(t => t.Name == current) is { } tensor)
            {
                return TensorProtoReader.ToFloats(tensor);
            }

            var producer = f.Node.FirstOrDefault(n => n.Output.Contains(current));
            switch (producer?.OpType)
            {
                case "Constant" when producer.GetTensor("value") is { } value:
                    return TensorProtoReader.ToFloats(value);
                case "Identity" or "Reshape" or "Squeeze" or "Unsqueeze" or "Flatten":
                    current = producer.Input[0];
                    continue;
                default:
                    throw new GradientBuildException($"channel weights '{name}' of {spec.Name} are not a constant (an initializer or Constant, possibly behind Identity/Reshape)");
            }
        }

        throw new GradientBuildException($"channel weights '{name}' of {spec.Name}: too many Identity/Reshape hops");
    }

    private static void CopyNodes(ModelProto f, GraphBuilder builder, string prefix, string fInput, string adapted, IEnumerable<string> wanted, string label)
    {
        var graph = f.Graph;
        string Map(string name) => name.Length == 0 ? name : name == fInput ? adapted : prefix + name;

        // Only the nodes the wanted tensors depend on (the logit head is dropped when only features are compared).
        var producers = new Dictionary<string, NodeProto>(StringComparer.Ordinal);
        foreach (var node in graph.Node)
        {
            foreach (string o in node.Output)
            {
                producers[o] = node;
            }
        }

        var needed = new HashSet<NodeProto>();
        var stack = new Stack<string>(wanted);
        while (stack.Count > 0)
        {
            if (producers.TryGetValue(stack.Pop(), out var node) && needed.Add(node))
            {
                foreach (string i in node.Input)
                {
                    stack.Push(i);
                }
            }
        }

        var used = new HashSet<string>(StringComparer.Ordinal);
        for (int index = 0; index < graph.Node.Count; index++)
        {
            var node = graph.Node[index];
            if (!needed.Contains(node))
            {
                continue;
            }

            if (node.Attribute.Any(a => a.G is not null || a.Graphs.Count > 0))
            {
                throw new GradientBuildException($"{label}: node {node.Describe()} has a subgraph; feature networks with control flow are not supported");
            }

            if (node.Domain.Length > 0 && node.Domain != "ai.onnx")
            {
                throw new GradientBuildException($"{label}: node {node.Describe()} is in domain '{node.Domain}'; only standard ONNX ops can be differentiated");
            }

            var copy = node.Clone();
            copy.Name = builder.Claim(prefix + (node.Name.Length > 0 ? node.Name : $"node{index}"));
            copy.Input.Clear();
            copy.Input.AddRange(node.Input.Select(Map));
            copy.Output.Clear();
            copy.Output.AddRange(node.Output.Select(o => o.Length == 0 ? o : builder.Claim(Map(o))));
            used.UnionWith(node.Input);
            builder.Graph.Node.Add(copy);
        }

        foreach (var tensor in graph.Initializer.Where(t => used.Contains(t.Name)))
        {
            var copy = tensor.Clone();
            copy.Name = builder.Claim(prefix + tensor.Name);
            builder.Graph.Initializer.Add(copy);
        }
    }
}
