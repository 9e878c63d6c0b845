using OnnxInvert.Autodiff.Objective.Features;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Autodiff.Objective;

/// <summary>
/// The fused objective model and the names of its inputs and outputs: one ONNX Runtime run computes the per-sample
/// loss [B] and the gradient of the summed loss with respect to every latent.
/// </summary>
public sealed record ObjectiveGraph
{
    /// <summary>The model.</summary>
    public required ModelProto Model { get; init; }

    /// <summary>The latent inputs, in spec order.</summary>
    public required IReadOnlyList<string> Latents { get; init; }

    /// <summary>The target image input.</summary>
    public required string Target { get; init; }

    /// <summary>The per-pixel weight input, when requested.</summary>
    public string? Weight { get; init; }

    /// <summary>The target-feature inputs (one per feature layer, fed from <see cref="FeatureExtractor"/>'s outputs in order); empty without a feature term.</summary>
    public IReadOnlyList<string> FeatureTargets { get; init; } = [];

    /// <summary>The per-sample feature distance output [B] (before the feature weight), with a feature term.</summary>
    public string? FeatureDistance { get; init; }

    /// <summary>The model that computes a target's features, with a feature term.</summary>
    public FeatureExtractor? FeatureExtractor { get; init; }

    /// <summary>The per-sample loss output [B] (the pixel loss plus the weighted feature distance when there is one).</summary>
    public required string Loss { get; init; }

    /// <summary>The gradient outputs, one per latent, in spec order.</summary>
    public required IReadOnlyList<string> Gradients { get; init; }

    /// <summary>The image output, when requested.</summary>
    public string? Image { get; init; }
}
