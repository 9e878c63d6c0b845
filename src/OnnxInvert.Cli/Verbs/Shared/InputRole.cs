using OnnxInvert.Onnx.Inspection;
using OnnxInvert.Onnx.Tensors;

namespace OnnxInvert.Cli.Verbs.Shared;

/// <summary>What a graph input of a generator is for, as <c>info</c> and <c>grad</c> name it.</summary>
internal static class InputRole
{
    /// <summary>An optimised input.</summary>
    public const string Latent = "latent";

    /// <summary>An input held fixed at a given value (a class label, a one-hot vector).</summary>
    public const string Condition = "condition";

    /// <summary>A float input held fixed that looks like a per-layer noise map (name or shape [N,1,H,W]); name it with --latent to optimise it.</summary>
    public const string Noise = "noise";

    /// <summary>The cotangent v of a VJP model's image output.</summary>
    public const string Cotangent = "cotangent";

    /// <summary>The role of an input that is not a latent: noise for a float map [N,1,H,W] or a float input named noise*, else condition.</summary>
    public static string OfFixed(ValueSignature input)
    {
        ArgumentNullException.ThrowIfNull(input);
        bool isFloat = ElementTypes.IsFloatingPoint(input.ElementType);
        bool noiseName = input.Name.Contains("noise", StringComparison.OrdinalIgnoreCase);
        bool noiseShape = input.Dims is { Count: 4 } && input.FixedDim(1) == 1;
        return isFloat && (noiseName || noiseShape) ? Noise : Condition;
    }
}
