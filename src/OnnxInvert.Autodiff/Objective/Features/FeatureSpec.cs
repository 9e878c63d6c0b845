using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Autodiff.Objective.Features;

/// <summary>
/// A feature-space term of the objective: <see cref="Weight"/> · Σ over <see cref="Layers"/> of the layer's distance
/// between F(adapt(G(z))) and F(adapt(target)), each layer averaged over its spatial positions. F's weights are
/// constants; only the path to the latents is differentiated. The target's features are an input of the objective,
/// made once per image by <see cref="FeatureExtractor"/>.
/// </summary>
public sealed record FeatureSpec
{
    /// <summary>The feature network F (one float image input; not modified). Must import the same default opset as G.</summary>
    public required ModelProto Model { get; init; }

    /// <summary>The compared tensors (several = several layers); empty: every rank-≥2 float graph output of F except one-channel ones (logits).</summary>
    public IReadOnlyList<FeatureLayer> Layers { get; init; } = [];

    /// <summary>The weight of the feature term against the pixel loss.</summary>
    public double Weight { get; init; } = 1.0;

    /// <summary>The per-layer distance.</summary>
    public FeatureDistance Distance { get; init; } = FeatureDistance.Mse;

    /// <summary>
    /// LPIPS-style unit normalisation of each layer's channel vector at every position before comparing
    /// (f / (‖f‖ + 1e−10)); ignored by <see cref="FeatureDistance.Cosine"/>, which is scale-invariant anyway.
    /// </summary>
    public bool NormalizeChannels { get; init; } = true;

    /// <summary>How G's image is adapted to F's input.</summary>
    public FeatureInputAdaptation Adaptation { get; init; } = new();

    /// <summary>A label for messages (the file name).</summary>
    public string Name { get; init; } = "feature model";
}
