using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Autodiff.Objective.Features;

/// <summary>
/// The model that turns a target image into the objective's target-feature inputs: the same input adaptation and
/// feature network as inside the objective, plus the per-channel normalisation when the spec asks for it. Run once per
/// target image; its outputs feed <see cref="ObjectiveGraph.FeatureTargets"/> in the same order.
/// </summary>
public sealed record FeatureExtractor
{
    /// <summary>The model.</summary>
    public required ModelProto Model { get; init; }

    /// <summary>The image input (shaped like G's image output, batch symbolic).</summary>
    public required string Input { get; init; }

    /// <summary>The feature outputs, one per layer, in the order of <see cref="ObjectiveGraph.FeatureTargets"/>.</summary>
    public required IReadOnlyList<string> Outputs { get; init; }

    /// <summary>Each output's shape without the batch dimension, in the same order.</summary>
    public required IReadOnlyList<long[]> OutputShapes { get; init; }
}
