using OnnxInvert.Runtime;

namespace OnnxInvert.Inversion.Models.Adaptation;

/// <summary>
/// What <see cref="ModelAdapter.Adapt"/> should make of a model; every field left empty is detected from the graph.
/// </summary>
public sealed record AdaptationRequest
{
    /// <summary>The model's name in messages (its path).</summary>
    public string ModelName { get; init; } = "model";

    /// <summary>
    /// The image tensor: a graph output or any float tensor of the graph (the graph is cut there). Null: the output
    /// that looks like an image, else the only float output.
    /// </summary>
    public string? Image { get; init; }

    /// <summary>
    /// The latents: graph inputs, or intermediate float tensors (the subgraph producing each is removed and the tensor
    /// becomes a graph input). Empty: the input that looks most like a latent.
    /// </summary>
    public IReadOnlyList<string> Latents { get; init; } = [];

    /// <summary>The image tensor's layout; null detects it from the shape.</summary>
    public ImageLayout? Layout { get; init; }

    /// <summary>The image shape [C, H, W]: required for a flat image, otherwise a check and a hint for detection.</summary>
    public IReadOnlyList<long>? ImageShape { get; init; }

    /// <summary>Per-sample shapes (without the batch axis) of inputs with symbolic dimensions, by input name.</summary>
    public IReadOnlyDictionary<string, long[]> InputShapes { get; init; } = new Dictionary<string, long[]>(StringComparer.Ordinal);

    /// <summary>The targets' size (height, width): resolves symbolic latent dimensions by probing when no shape is given.</summary>
    public (long Height, long Width)? TargetSize { get; init; }

    /// <summary>Whether a fixed batch may be made symbolic (checked by running both graphs); false keeps it fixed.</summary>
    public bool RewriteFixedBatch { get; init; } = true;

    /// <summary>The two batch sizes the rewritten batch is checked at.</summary>
    public (int First, int Second) CheckBatches { get; init; } = (1, 5);

    /// <summary>The largest |Δ| allowed between the rewritten and the original graph's values, relative to max(1, |value|).</summary>
    public float CheckTolerance { get; init; } = 1e-4f;

    /// <summary>ONNX Runtime settings for the probing and checking runs (CPU is right for them).</summary>
    public SessionSettings? Session { get; init; }
}
