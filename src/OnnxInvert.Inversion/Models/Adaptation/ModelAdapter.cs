using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.Inspection;
using OnnxInvert.Onnx.Proto;
using OnnxInvert.Onnx.Tensors;
using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;

namespace OnnxInvert.Inversion.Models.Adaptation;

/// <summary>
/// Rewrites a copy of any generator export so the engine sees what it expects: latent input(s) with fixed per-sample
/// shapes and, where that is sound, a symbolic batch → one float NCHW image output. Cuts the graph at an intermediate
/// image tensor (dropping post-processing tails and other outputs) or at an intermediate latent (W-space: the producing
/// subgraph is removed and returned as a model of its own), resolves symbolic latent dimensions, appends layout
/// nodes, makes a fixed batch symbolic (checked by running both graphs) and infers the output range.
/// </summary>
public static class ModelAdapter
{
    /// <summary>Adapts a copy of <paramref name="model"/> as <paramref name="request"/> says; <paramref name="model"/> is not modified.</summary>
    /// <param name="model">The model as read (external data inlined).</param>
    /// <param name="request">What to cut, which layout and shapes; empty fields are detected.</param>
    /// <param name="notice">Receives one-line notices about guesses (an ambiguous layout, an untraced range, a batch kept fixed).</param>
    /// <exception cref="ModelAdaptationException">The model cannot be adapted; the message names the model, the tensor and its type or shape.</exception>
    public static AdaptedModel Adapt(ModelProto model, AdaptationRequest request, Action<string>? notice = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(request);
        notice ??= _ => { };
        string name = request.ModelName;
        var graph = model.Graph ?? throw new ModelAdaptationException($"{name}: the model has no graph");
        var index = new GraphIndex(graph);
        var declared = graph.Input.Where(i => index.Inputs.Contains(i.Name)).ToDictionary(i => i.Name, ValueSignature.From, StringComparer.Ordinal);
        var changes = new List<string>();

        string image = ChooseImage(model, index, request);
        var latents = ChooseLatents(index, declared, request, notice);
        var cuts = latents.Where(l => !declared.ContainsKey(l)).ToArray();
        if (latents.Contains(image))
        {
            throw new ModelAdaptationException($"{name}: '{image}' is named as both the image and a latent");
        }

        foreach (string latent in latents.Where(l => !DependsOn(index, image, l)))
        {
            throw new ModelAdaptationException($"{name}: the image '{image}' does not depend on latent '{latent}'");
        }

        long? fixedBatch = FixedBatch(declared.Values, name);
        long probeBatch = fixedBatch ?? 2;
        var shapes = ProbeShapes(declared.Values, probeBatch, request);
        LatentShapeResolver.Resolve(model, image, shapes, request, changes);

        var observed = Probe(model, image, cuts, shapes, declared, request);
        var imageTensor = observed[image];
        if (imageTensor.Type != DataType.Float)
        {
            throw new ModelAdaptationException(
                $"{name}: tensor '{image}' is {imageTensor.Describe()}; the image must be a float tensor (name the float tensor before any Cast/uint8 post-processing)");
        }

        foreach (string cut in cuts)
        {
            if (observed[cut].Type != DataType.Float || observed[cut].Dims.Length == 0 || observed[cut].Dims[0] != probeBatch)
            {
                throw new ModelAdaptationException(
                    $"{name}: tensor '{cut}' is {observed[cut].Describe()} at batch {probeBatch}; a latent cut point must be a float tensor with the batch on its first axis");
            }
        }

        var (layout, imageShape) = LayoutDetector.Detect(name, image, imageTensor.Dims, probeBatch, fixedBatch is not null, request, notice);
        object batchDim = fixedBatch is { } b ? b : BatchRewriter.BatchSymbol;

        var adapted = model.Clone();
        var g = adapted.Graph;
        g.Output.Clear();
        g.Output.Add(ValueInfoFactory.Tensor(image, DataType.Float, imageTensor.Dims.Select((d, axis) => axis == 0 && layout is not (ImageLayout.Chw or ImageLayout.Hwc) ? batchDim : d).Cast<object?>()));
        if (!graph.Output.Any(o => o.Name == image) || graph.Output.Count > 1)
        {
            changes.Add($"cut the graph at '{image}' {imageTensor.Describe()}: it is the only output ({string.Join(", ", graph.Output.Select(o => $"'{o.Name}'").Where(o => o != $"'{image}'"))} dropped)");
        }

        foreach (string cut in cuts)
        {
            CutAtLatent(g, cut, observed[cut], batchDim);
        }

        int removed = GraphPruner.Prune(g);
        var remaining = g.Input.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        foreach (string latent in latents.Where(l => !remaining.Contains(l)))
        {
            throw new ModelAdaptationException($"{name}: the image '{image}' does not depend on latent '{latent}'");
        }

        if (cuts.Length > 0)
        {
            changes.Add($"cut the graph at latent{(cuts.Length == 1 ? string.Empty : "s")} {string.Join(", ", cuts.Select(c => $"'{c}' {observed[c].Describe()}"))}: {(cuts.Length == 1 ? "it is" : "they are")} now input{(cuts.Length == 1 ? string.Empty : "s")}, {removed} node{(removed == 1 ? string.Empty : "s")} that only fed {(cuts.Length == 1 ? "it" : "them")} removed");
        }
        else if (removed > 0)
        {
            changes.Add($"removed {removed} node{(removed == 1 ? string.Empty : "s")} the image does not need");
        }

        FixInputShapes(g, shapes, index, batchDim);
        string output = LayoutNormalizer.Normalize(adapted, image, layout, imageShape, batchDim, changes);

        if (fixedBatch is { } fixedSize)
        {
            (adapted, fixedBatch) = FreeBatch(adapted, fixedSize, output, request, changes, notice);
        }

        var range = OutputRangeInference.Infer(model, image);
        if (range is null)
        {
            notice($"{name}: the range of image '{image}' could not be traced to a bounded activation (Sigmoid, Tanh, Clip, ...); state it in the model card");
        }

        var adaptedIndex = new GraphIndex(adapted.Graph);
        var latentList = latents.Select(l => new AdaptedLatent
        {
            Name = l,
            Shape = cuts.Contains(l) ? observed[l].Dims[1..] : shapes[l][1..],
            Producer = cuts.Contains(l) ? ProducerModel(model, l, observed[l], shapes, index, batchDim) : null,
        }).ToArray();
        var others = adapted.Graph.Input.Where(i => adaptedIndex.Inputs.Contains(i.Name) && !latents.Contains(i.Name)).Select(ValueSignature.From).ToArray();
        return new AdaptedModel
        {
            Model = adapted,
            Latents = latentList,
            OtherInputs = others,
            ImageOutput = output,
            ImageSource = image,
            ImageShape = imageShape,
            Layout = layout,
            FixedBatch = fixedBatch,
            Range = range,
            Changes = changes,
        };
    }

    private static bool DependsOn(GraphIndex index, string tensor, string source)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { tensor };
        var pending = new Stack<string>([tensor]);
        while (pending.Count > 0)
        {
            string current = pending.Pop();
            if (current == source)
            {
                return true;
            }

            foreach (string input in index.Producer(current) is { } node ? GraphIndex.Reads(node) : [])
            {
                if (seen.Add(input))
                {
                    pending.Push(input);
                }
            }
        }

        return false;
    }

    private static string ChooseImage(ModelProto model, GraphIndex index, AdaptationRequest request)
    {
        string name = request.ModelName;
        var outputs = model.Graph.Output.Select(ValueSignature.From).ToArray();
        if (request.Image is { } image)
        {
            if (index.Producer(image) is not null)
            {
                return image;
            }

            string what = index.Inputs.Contains(image) ? "an input" : index.Initializers.Contains(image) ? "a weight (initializer)" : "not a tensor of the graph";
            throw new ModelAdaptationException($"{name}: '{image}' is {what}; the image must be a tensor some node computes (outputs: {string.Join(", ", outputs.Select(o => $"{o.Name} {o}"))})");
        }

        var candidate = outputs.FirstOrDefault(ModelInspector.IsImageLike)?.Name;
        var floats = outputs.Where(o => ElementTypes.IsFloatingPoint(o.ElementType)).ToArray();
        return candidate ?? (floats.Length == 1 ? floats[0].Name
            : throw new ModelAdaptationException($"{name}: no output looks like an image (outputs: {string.Join(", ", outputs.Select(o => $"{o.Name} {o}"))}); name the image tensor (--output)"));
    }

    private static string[] ChooseLatents(GraphIndex index, Dictionary<string, ValueSignature> declared, AdaptationRequest request, Action<string> notice)
    {
        string name = request.ModelName;
        string inputs = string.Join(", ", declared.Values.Select(i => $"{i.Name} {i}"));
        if (request.Latents.Count > 0)
        {
            var distinct = request.Latents.Distinct(StringComparer.Ordinal).ToArray();
            foreach (string latent in distinct)
            {
                if (declared.TryGetValue(latent, out var signature))
                {
                    if (signature.ElementType != DataType.Float || signature.Dims is not { Count: >= 1 })
                    {
                        throw new ModelAdaptationException($"{name}: latent input '{latent}' is {signature}; a latent must be a float32 tensor with a batch axis");
                    }
                }
                else if (index.Producer(latent) is null)
                {
                    string what = index.Initializers.Contains(latent) ? "a weight (initializer), not a latent" : "not a tensor of the graph";
                    throw new ModelAdaptationException($"{name}: '{latent}' is {what} (inputs: {inputs})");
                }
            }

            return distinct;
        }

        // Latent-like inputs first ([N,d], [N,L,d], [N,d,1,1]); else any float input with a batch axis (a fully convolutional decoder's [N,4,h,w]).
        var floats = declared.Values.Where(i => i.ElementType == DataType.Float && i.Rank is >= 2).ToArray();
        var candidates = floats.Where(ModelInspector.IsLatentLike).ToArray();
        if (candidates.Length == 0)
        {
            candidates = floats.Length == 1 ? floats
                : throw new ModelAdaptationException($"{name}: no input looks like a latent (float, rank 2 or [N,d,1,1]; inputs: {inputs}); name it (--latent)");
        }

        if (declared.Count > 1)
        {
            notice($"{name}: taking input '{candidates[0].Name}' as the latent (inputs: {inputs}); name the latents to choose others (--latent)");
        }

        return [candidates[0].Name];
    }

    /// <summary>The fixed batch of the model's inputs, or null when every batched input's leading dimension is symbolic.</summary>
    private static long? FixedBatch(IEnumerable<ValueSignature> inputs, string name)
    {
        var leading = inputs.Where(i => i.Rank is >= 1).Select(i => (i.Name, Dim: i.FixedDim(0))).ToArray();
        if (leading.Length == 0 || leading.Any(l => l.Dim is null))
        {
            return null;
        }

        return leading[0].Dim;
    }

    private static Dictionary<string, long[]> ProbeShapes(IEnumerable<ValueSignature> inputs, long batch, AdaptationRequest request)
    {
        var shapes = new Dictionary<string, long[]>(StringComparer.Ordinal);
        foreach (var input in inputs)
        {
            if (input.Dims is null)
            {
                throw new ModelAdaptationException($"{request.ModelName}: input '{input.Name}' has no declared shape; give its shape per sample");
            }

            if (request.InputShapes.TryGetValue(input.Name, out var given))
            {
                if (given.Length != input.Dims.Count - 1 || given.Any(d => d <= 0)
                    || given.Select((d, axis) => input.FixedDim(axis + 1) is not { } fixedDim || fixedDim == d).Contains(false))
                {
                    throw new ModelAdaptationException($"{request.ModelName}: shape [{string.Join(",", given)}] given for input '{input.Name}' {input} does not fit it (sizes per sample, without the batch axis)");
                }

                shapes[input.Name] = [input.FixedDim(0) ?? batch, .. given];
                continue;
            }

            shapes[input.Name] = input.Dims.Select((_, axis) => input.FixedDim(axis) ?? (axis == 0 ? batch : -1)).ToArray();
        }

        return shapes;
    }

    private static Dictionary<string, HostTensor> Probe(ModelProto model, string image, string[] cuts, Dictionary<string, long[]> shapes, Dictionary<string, ValueSignature> declared, AdaptationRequest request)
    {
        string[] wanted = [image, .. cuts];
        using var runner = ModelRunner.Open(model, wanted, request.Session, request.ModelName);
        var random = new Random(11);
        var feeds = shapes.Select(p => HostTensor.Probe(p.Key, declared[p.Key].ElementType, p.Value, random)).ToArray();
        var results = runner.Run(feeds, wanted, request.ModelName);
        return wanted.Zip(results).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
    }

    private static void CutAtLatent(GraphProto graph, string cut, HostTensor observed, object batchDim)
    {
        var builder = new GraphBuilder(graph, 1);
        foreach (var node in graph.Node)
        {
            for (int i = 0; i < node.Output.Count; i++)
            {
                if (node.Output[i] == cut)
                {
                    node.Output[i] = builder.UniqueName(cut + "_replaced");
                }
            }
        }

        var value = graph.ValueInfo.FirstOrDefault(v => v.Name == cut);
        if (value is not null)
        {
            graph.ValueInfo.Remove(value);
        }

        graph.Input.Add(ValueInfoFactory.Tensor(cut, DataType.Float, observed.Dims.Select((d, axis) => axis == 0 ? batchDim : d).Cast<object?>()));
    }

    private static void FixInputShapes(GraphProto graph, Dictionary<string, long[]> shapes, GraphIndex original, object batchDim)
    {
        foreach (var input in graph.Input.Where(i => shapes.ContainsKey(i.Name) && original.Inputs.Contains(i.Name)).ToArray())
        {
            var dims = shapes[input.Name].Select((d, axis) => axis == 0 && BatchRewriter.LeadingDim(input) is null ? batchDim : d).Cast<object?>();
            var replacement = ValueInfoFactory.Tensor(input.Name, (DataType)input.Type.TensorType.ElemType, dims);
            input.Type = replacement.Type;
        }
    }

    private static (ModelProto Model, long? FixedBatch) FreeBatch(ModelProto adapted, long batch, string output, AdaptationRequest request, List<string> changes, Action<string> notice)
    {
        string name = request.ModelName;
        if (!request.RewriteFixedBatch)
        {
            notice($"{name}: the model runs at its fixed batch of {batch} only (batch rewriting not requested); it is called per chunk of {batch}");
            return (adapted, batch);
        }

        var rewriteChanges = new List<string>();
        string? failure;
        ModelProto? candidate = null;
        try
        {
            candidate = BatchRewriter.Rewrite(adapted, batch, ComputedShapes(adapted, request), rewriteChanges);
            failure = BatchCheck.Compare(adapted, candidate, batch, output, request);
        }
        catch (ModelAdaptationException ex)
        {
            failure = ex.Message;
        }

        if (failure is null && candidate is not null)
        {
            changes.AddRange(rewriteChanges);
            changes.Add($"checked the symbolic batch: at batches {request.CheckBatches.First} and {request.CheckBatches.Second} every sample equals the fixed-batch graph's");
            return (candidate, null);
        }

        notice($"{name}: the fixed batch of {batch} could not be made symbolic ({failure}); the model runs at batch {batch} only and is called per chunk of {batch}");
        changes.Add($"kept the fixed batch of {batch}: {failure}");
        return (adapted, batch);
    }

    private static Dictionary<string, long[]> ComputedShapes(ModelProto model, AdaptationRequest request)
    {
        var names = BatchRewriter.ComputedShapes(model);
        var values = new Dictionary<string, long[]>(StringComparer.Ordinal);
        if (names.Count == 0)
        {
            return values;
        }

        using var runner = ModelRunner.Open(model, names, request.Session, request.ModelName);
        var random = new Random(5);
        var inputs = new GraphIndex(model.Graph).Inputs;
        var feeds = model.Graph.Input.Where(i => inputs.Contains(i.Name)).Select(i =>
        {
            var signature = ValueSignature.From(i);
            long[] dims = (signature.Dims ?? []).Select((_, axis) => signature.FixedDim(axis) ?? 1).ToArray();
            return HostTensor.Probe(i.Name, signature.ElementType, dims, random);
        }).ToArray();
        foreach (var tensor in runner.Run(feeds, names, request.ModelName))
        {
            if (tensor.Data is long[] shape && shape.Length == tensor.Count && tensor.Dims.Length == 1)
            {
                values[tensor.Name] = shape;
            }
        }

        return values;
    }

    private static ModelProto ProducerModel(ModelProto model, string cut, HostTensor observed, Dictionary<string, long[]> shapes, GraphIndex index, object batchDim)
    {
        var producer = model.Clone();
        var graph = producer.Graph;
        graph.Output.Clear();
        graph.Output.Add(ValueInfoFactory.Tensor(cut, DataType.Float, observed.Dims.Select((d, axis) => axis == 0 ? batchDim : d).Cast<object?>()));
        GraphPruner.Prune(graph);
        FixInputShapes(graph, shapes, index, batchDim);
        return producer;
    }
}
