namespace OnnxInvert.Autodiff;

/// <summary>
/// A gradient graph could not be built: an operator, attribute or shape on the path from a latent to an output is
/// not supported. Names the op type, the node, and the path from the latent that reaches it.
/// </summary>
public sealed class GradientBuildException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GradientBuildException(string message, string? opType = null, string? nodeName = null, IReadOnlyList<string>? path = null)
        : base(message)
    {
        OpType = opType;
        NodeName = nodeName;
        Path = path ?? [];
    }

    /// <summary>The op type of the offending node, when one is to blame.</summary>
    public string? OpType { get; }

    /// <summary>The name (or first output) of the offending node.</summary>
    public string? NodeName { get; }

    /// <summary>The chain of nodes from a latent input to the offending node ("z", "Gemm 'fc1'", ...).</summary>
    public IReadOnlyList<string> Path { get; }
}
