namespace OnnxInvert.Autodiff;

/// <summary>How the gradient builder treats an op type.</summary>
public enum OpSupport
{
    /// <summary>A hand-derived gradient rule exists.</summary>
    Differentiable,

    /// <summary>Only ever carries integers, booleans or constants (shape arithmetic, comparisons): never differentiated.</summary>
    PassThrough,

    /// <summary>No rule: building fails if such a node lies between a latent and an output.</summary>
    Unsupported,
}
