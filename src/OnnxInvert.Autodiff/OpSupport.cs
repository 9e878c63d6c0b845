namespace OnnxInvert.Autodiff;

/// <summary>How the gradient builder treats an op type (decided in one place: <see cref="GradientSupport.Classify"/>).</summary>
public enum OpSupport
{
    /// <summary>A hand-derived gradient rule exists.</summary>
    Differentiable,

    /// <summary>
    /// Stop-gradient by definition: its outputs are integers, booleans, shapes or values that do not depend on its
    /// inputs' values (Shape, comparisons, ArgMax, RandomNormalLike, ...). No gradient flows through it, as in PyTorch;
    /// the consumers of its result (Where, Gather, ...) still differentiate their data operands.
    /// </summary>
    PassThrough,

    /// <summary>No rule: building fails if such a node lies between a latent and an output.</summary>
    Unsupported,

    /// <summary>
    /// Piecewise constant on float data (Round, Floor, Ceil, Sign, Hardmax): the derivative is zero almost everywhere, so a
    /// latent reaching an output only through it would silently get no gradient. Building fails, naming the node, when
    /// one lies between a latent and an output. (A Cast of latent-derived data to a non-float type is treated the same.)
    /// </summary>
    ZeroGradient,

    /// <summary>
    /// Control flow (If, Loop, Scan): not differentiated. Building fails, naming the node and the tensor, when a latent
    /// reaches one, as an input or as an outer-scope value captured by one of its subgraphs.
    /// </summary>
    ControlFlow,
}
