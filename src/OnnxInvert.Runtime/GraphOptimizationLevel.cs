namespace OnnxInvert.Runtime;

/// <summary>How much ONNX Runtime rewrites the graph before running it (<c>enum GraphOptimizationLevel</c>).</summary>
public enum GraphOptimizationLevel
{
    /// <summary>No graph optimisation: the graph runs as written.</summary>
    Disabled = 0,

    /// <summary>Semantics-preserving rewrites such as constant folding and redundant-node elimination.</summary>
    Basic = 1,

    /// <summary>Basic plus operator fusions.</summary>
    Extended = 2,

    /// <summary>Everything, including layout optimisations (ONNX Runtime's default).</summary>
    All = 99,
}
