namespace OnnxInvert.Autodiff.Objective;

/// <summary>How per-pixel losses are combined into one loss per sample.</summary>
public enum LossReduction
{
    /// <summary>The mean over the sample's pixels (PyTorch's default).</summary>
    Mean,

    /// <summary>The sum over the sample's pixels.</summary>
    Sum,
}
