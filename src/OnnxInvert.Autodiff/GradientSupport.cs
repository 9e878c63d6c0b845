using OnnxInvert.Autodiff.Rules;

namespace OnnxInvert.Autodiff;

/// <summary>
/// Which ONNX op types the gradient builder can differentiate. This is the one classification used by the builder
/// (activity analysis and backward pass) and by tools that report on a model (<c>onnxinvert info</c>).
/// </summary>
public static class GradientSupport
{
    private static readonly HashSet<string> PassThroughOps = new(StringComparer.Ordinal)
    {
        "Shape", "Size", "ConstantOfShape", "Range", "NonZero", "Constant", "Equal", "Less", "LessOrEqual", "Greater",
        "GreaterOrEqual", "Not", "And", "Or", "Xor", "ArgMax", "ArgMin", "IsNaN", "IsInf", "RandomNormal", "RandomUniform",
        "RandomNormalLike", "RandomUniformLike", "Multinomial", "Bernoulli", "EyeLike", "OneHot", "BitShift",
        "BitwiseAnd", "BitwiseOr", "BitwiseXor", "BitwiseNot",
    };

    private static readonly HashSet<string> ZeroGradientOps = new(StringComparer.Ordinal) { "Floor", "Ceil", "Round", "Sign", "Hardmax" };

    private static readonly HashSet<string> ControlFlowOps = new(StringComparer.Ordinal) { "If", "Loop", "Scan" };

    /// <summary>Every op type (default domain) with a gradient rule, sorted.</summary>
    public static IReadOnlyList<string> DifferentiableOps => RuleRegistry.Default.OpTypes;

    /// <summary>How an op type of <paramref name="domain"/> ("" = ONNX) is treated.</summary>
    public static OpSupport Classify(string opType, string domain = "")
    {
        ArgumentNullException.ThrowIfNull(opType);
        if (domain is not ("" or "ai.onnx"))
        {
            return OpSupport.Unsupported;
        }

        return RuleRegistry.Default.Find(opType) is not null ? OpSupport.Differentiable
            : PassThroughOps.Contains(opType) ? OpSupport.PassThrough
            : ZeroGradientOps.Contains(opType) ? OpSupport.ZeroGradient
            : ControlFlowOps.Contains(opType) ? OpSupport.ControlFlow
            : OpSupport.Unsupported;
    }

    /// <summary>
    /// Whether building fails when a node of class <paramref name="support"/> lies between a latent and an output
    /// (<see cref="OpSupport.Unsupported"/>, <see cref="OpSupport.ZeroGradient"/>, <see cref="OpSupport.ControlFlow"/>).
    /// </summary>
    public static bool FailsOnPath(OpSupport support) => support is OpSupport.Unsupported or OpSupport.ZeroGradient or OpSupport.ControlFlow;

    /// <summary>Why a node of class <paramref name="support"/> cannot be differentiated, for error messages.</summary>
    internal static string Why(OpSupport support) => support switch
    {
        OpSupport.ZeroGradient => "its derivative is zero almost everywhere, so the latent would get no gradient through it (remove it or cut the graph before it)",
        OpSupport.ControlFlow => "control flow is not differentiated",
        OpSupport.PassThrough => "it passes no gradient",
        _ => "no gradient rule for this op type",
    };
}
