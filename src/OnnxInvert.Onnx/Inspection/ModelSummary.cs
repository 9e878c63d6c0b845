namespace OnnxInvert.Onnx.Inspection;

/// <summary>What <see cref="ModelInspector"/> learned about a model.</summary>
public sealed record ModelSummary
{
    /// <summary>The graph's name.</summary>
    public required string GraphName { get; init; }

    /// <summary>The producer recorded in the model ("pytorch 1.13.1").</summary>
    public required string Producer { get; init; }

    /// <summary>The model's IR version.</summary>
    public required long IrVersion { get; init; }

    /// <summary>Imported operator sets: domain ("" is the default ONNX domain) to version.</summary>
    public required IReadOnlyDictionary<string, long> Opsets { get; init; }

    /// <summary>The graph's real inputs (initializers listed as inputs by old exporters are excluded).</summary>
    public required IReadOnlyList<ValueSignature> Inputs { get; init; }

    /// <summary>The graph's outputs.</summary>
    public required IReadOnlyList<ValueSignature> Outputs { get; init; }

    /// <summary>Node count per operator ("Conv", or "com.microsoft.FusedConv" for other domains), most frequent first.</summary>
    public required IReadOnlyList<KeyValuePair<string, int>> OpHistogram { get; init; }

    /// <summary>The number of initializers (weights and constants).</summary>
    public required int InitializerCount { get; init; }

    /// <summary>The total number of elements over all initializers.</summary>
    public required long ParameterCount { get; init; }

    /// <summary>Inputs that look like latents (float inputs of rank 2, or rank 4 with 1×1 spatial size), best first.</summary>
    public required IReadOnlyList<ValueSignature> LatentCandidates { get; init; }

    /// <summary>The output that looks like an image batch [N, C ∈ {1,3,4}, H, W], or null.</summary>
    public required ValueSignature? ImageOutput { get; init; }

    /// <summary>The model's metadata_props (model cards may live here).</summary>
    public required IReadOnlyDictionary<string, string> Metadata { get; init; }
}
