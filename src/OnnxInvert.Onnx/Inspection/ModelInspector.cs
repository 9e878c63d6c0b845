using OnnxInvert.Onnx.Proto;
using OnnxInvert.Onnx.Tensors;
using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;

namespace OnnxInvert.Onnx.Inspection;

/// <summary>Summarises a model's interface and contents and guesses which input is the latent and which output the image.</summary>
public static class ModelInspector
{
    /// <summary>Summarises <paramref name="model"/>.</summary>
    public static ModelSummary Inspect(ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var graph = model.Graph ?? throw new ArgumentException("the model has no graph", nameof(model));
        var initializerNames = graph.Initializer.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var inputs = graph.Input.Where(i => !initializerNames.Contains(i.Name)).Select(ValueSignature.From).ToArray();
        var outputs = graph.Output.Select(ValueSignature.From).ToArray();

        var histogram = graph.Node
            .GroupBy(n => n.Domain is "" or "ai.onnx" ? n.OpType : $"{n.Domain}.{n.OpType}")
            .Select(g => new KeyValuePair<string, int>(g.Key, g.Count()))
            .OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)
            .ToArray();

        return new ModelSummary
        {
            GraphName = graph.Name,
            Producer = $"{model.ProducerName} {model.ProducerVersion}".Trim(),
            IrVersion = model.IrVersion,
            Opsets = model.OpsetImport.GroupBy(o => o.Domain == "ai.onnx" ? string.Empty : o.Domain)
                .ToDictionary(g => g.Key, g => g.Max(o => o.Version)),
            Inputs = inputs,
            Outputs = outputs,
            OpHistogram = histogram,
            InitializerCount = graph.Initializer.Count,
            ParameterCount = graph.Initializer.Sum(TensorProtoReader.ElementCount),
            LatentCandidates = inputs.Where(IsLatentLike).OrderBy(LatentRank).ToArray(),
            ImageOutput = outputs.FirstOrDefault(IsImageLike),
            Metadata = model.MetadataProps.GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value),
        };
    }

    /// <summary>True for a float input of rank 2 ([batch, d]), rank 3 ([batch, layers, d], W+) or rank 4 with 1×1 spatial size.</summary>
    public static bool IsLatentLike(ValueSignature input) =>
        ElementTypes.IsFloatingPoint(input.ElementType) && input.Rank switch
        {
            2 or 3 => true,
            4 => input.FixedDim(2) == 1 && input.FixedDim(3) == 1,
            _ => false,
        };

    /// <summary>True for a float output [N, C, H, W] with C of 1, 3 or 4 (or unknown) and H, W of at least 2 (or unknown).</summary>
    public static bool IsImageLike(ValueSignature output) =>
        ElementTypes.IsFloatingPoint(output.ElementType)
        && output.Rank == 4
        && output.FixedDim(1) is null or 1 or 3 or 4
        && output.FixedDim(2) is null or >= 2
        && output.FixedDim(3) is null or >= 2;

    private static int LatentRank(ValueSignature input) => input.Rank switch
    {
        2 => 0,
        4 => 1,
        _ => 2,
    };
}
