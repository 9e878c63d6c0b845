using OnnxInvert.Autodiff.Rules;

namespace OnnxInvert.Autodiff;

/// <summary>Which ONNX op types the gradient builder can differentiate.</summary>
public static class GradientSupport
{
    private static readonly HashSet<string> PassThroughOps = new(StringComparer.Ordinal)
    {
        "Shape", "Size", "ConstantOfShape", "Range", "NonZero", "Constant", "Equal", "Less", "LessOrEqual", "Greater",
        "GreaterOrEqual", "Not", "And", "Or", "Xor", "ArgMax", "ArgMin", "Floor", "Ceil", "Round", "Sign", "IsNaN", "IsInf",
        "RandomNormal", "RandomUniform", "RandomNormalLike", "RandomUniformLike", "EyeLike", "OneHot",
    };

    /// <summary>Every op type (default domain) with a gradient rule, sorted.</summary>
    public static IReadOnlyList<string> DifferentiableOps => RuleRegistry.Default.OpTypes;

    /// <summary>How an op type of <paramref name="domain"/> ("" = ONNX) is treated.</summary>
    public static OpSupport Classify(string opType, string domain = "")
    {
        if (domain is not ("" or "ai.onnx"))
        {
            return OpSupport.Unsupported;
        }

        return RuleRegistry.Default.Find(opType) is not null ? OpSupport.Differentiable
            : PassThroughOps.Contains(opType) ? OpSupport.PassThrough
            : OpSupport.Unsupported;
    }
}
