using OnnxInvert.Onnx.Inspection;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Inversion.Models.Adaptation;

/// <summary>
/// A rewritten copy of a model that the engine can use as is: latent inputs with fixed per-sample shapes and (where
/// sound) a symbolic batch → one float image output in NCHW. The original model is not modified.
/// </summary>
public sealed record AdaptedModel
{
    /// <summary>The rewritten model.</summary>
    public required ModelProto Model { get; init; }

    /// <summary>The latent inputs, in the order requested.</summary>
    public required IReadOnlyList<AdaptedLatent> Latents { get; init; }

    /// <summary>The other inputs the rewritten model still needs (condition inputs), as declared in it.</summary>
    public required IReadOnlyList<ValueSignature> OtherInputs { get; init; }

    /// <summary>The rewritten model's only output: the image, float NCHW.</summary>
    public required string ImageOutput { get; init; }

    /// <summary>The tensor of the original model that the image was taken from.</summary>
    public required string ImageSource { get; init; }

    /// <summary>The image shape per sample [C, H, W].</summary>
    public required long[] ImageShape { get; init; }

    /// <summary>The layout of the original image tensor (images written back to disk can follow it).</summary>
    public required ImageLayout Layout { get; init; }

    /// <summary>
    /// Null when the rewritten model runs at any batch size; otherwise the only batch size it runs at, and the engine
    /// must call it per chunk of exactly this many samples (padding the last chunk).
    /// </summary>
    public required long? FixedBatch { get; init; }

    /// <summary>The image's value range traced to a bounded activation, or null when it could not be traced.</summary>
    public required InferredRange? Range { get; init; }

    /// <summary>What was done to the graph, one sentence each, in the order done.</summary>
    public required IReadOnlyList<string> Changes { get; init; }
}
