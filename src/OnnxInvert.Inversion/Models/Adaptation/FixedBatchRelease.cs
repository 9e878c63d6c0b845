using OnnxInvert.Onnx.Inspection;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Inversion.Models.Adaptation;

/// <summary>Makes a fixed batch symbolic where running both graphs shows the rewritten one computes the same; otherwise keeps it.</summary>
internal static class FixedBatchRelease
{
    /// <summary>The fixed batch of the model's inputs, or null when every batched input's leading dimension is symbolic.</summary>
    public static long? FixedBatch(IEnumerable<ValueSignature> inputs)
    {
        var leading = inputs.Where(i => i.Rank is >= 1).Select(i => (i.Name, Dim: i.FixedDim(0))).ToArray();
        if (leading.Length == 0 || leading.Any(l => l.Dim is null))
        {
            return null;
        }

        return leading[0].Dim;
    }

    public static (ModelProto Model, long? FixedBatch) FreeBatch(ModelProto adapted, long batch, string output, AdaptationRequest request, List<string> changes, Action<string> notice)
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
}
