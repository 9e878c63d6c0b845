namespace OnnxInvert.Autodiff.Objective;

/// <summary>The per-pixel reconstruction loss between G(z) and the target image.</summary>
public enum LossKind
{
    /// <summary>Binary cross-entropy (the paper's Algorithm 1), PyTorch's BCELoss form: log terms clamped at −100, safe at 0 and 1.</summary>
    Bce,

    /// <summary>Squared error.</summary>
    Mse,

    /// <summary>Absolute error.</summary>
    L1,
}
