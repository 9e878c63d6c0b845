using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.Inspection;
using OnnxInvert.Onnx.Proto;
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

        string image = TensorSelection.ChooseImage(model, index, request);
        var latents = TensorSelection.ChooseLatents(index, declared, request, notice);
        var cuts = latents.Where(l => !declared.ContainsKey(l)).ToArray();
        if (latents.Contains(image))
        {
            throw new ModelAdaptationException($"{name}: '{image}' is named as both the image and a latent");
        }

        foreach (string latent in latents.Where(l => !TensorSelection.DependsOn(index, image, l)))
        {
            throw new ModelAdaptationException($"{name}: the image '{image}' does not depend on latent '{latent}'");
        }

        long? fixedBatch = FixedBatchRelease.FixedBatch(declared.Values);
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
            GraphCuts.CutAtLatent(g, cut, observed[cut], batchDim);
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

        GraphCuts.FixInputShapes(g, shapes, index, batchDim);
        string output = LayoutNormalizer.Normalize(adapted, image, layout, imageShape, batchDim, changes);

        if (fixedBatch is { } fixedSize)
        {
            (adapted, fixedBatch) = FixedBatchRelease.FreeBatch(adapted, fixedSize, output, request, changes, notice);
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
            Producer = cuts.Contains(l) ? GraphCuts.ProducerModel(model, l, observed[l], shapes, index, batchDim) : null,
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
}
