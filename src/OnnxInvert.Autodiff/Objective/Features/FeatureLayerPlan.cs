namespace OnnxInvert.Autodiff.Objective.Features;

/// <summary>One compared layer: F's tensor name, its grafted name, and its channel weights (null: 1/C each).</summary>
internal sealed record FeatureLayerPlan(string Output, string Raw, float[]? Weights);
