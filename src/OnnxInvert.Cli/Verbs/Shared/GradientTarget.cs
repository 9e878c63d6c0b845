using System.Globalization;
using OnnxInvert.Autodiff;
using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Models;
using OnnxInvert.Inversion.Priors;
using OnnxInvert.Onnx.Inspection;
using OnnxInvert.Onnx.Proto;
using OnnxInvert.Runtime;

namespace OnnxInvert.Cli.Verbs.Shared;

/// <summary>
/// The generator that <c>grad</c> and <c>check-grad</c> differentiate: opened with the model flags through the same
/// adaptation as <c>invert</c> (fixed batch made symbolic, cut points, image layout, symbolic latent dimensions), so
/// the VJP is the adapted generator's, from its latents to its float NCHW image.
/// </summary>
internal static class GradientTarget
{
    /// <summary>Opens <paramref name="model"/> as <paramref name="flags"/> say; adaptation notices go to <paramref name="errors"/>.</summary>
    public static Generator Open(string model, ModelFlags flags, SessionSettings settings, TextWriter errors)
    {
        var generator = ModelErrors.Open(model, flags.Apply(new GeneratorOptions
        {
            // Neither verb draws from the prior or maps the range: fixed here so their guesses are not reported.
            Prior = new NormalPrior(0, 1),
            OutputRange = PixelRange.MinusOneToOne,
            Session = settings,
            Notice = errors.WriteLine,
        }));
        try
        {
            ModelErrors.CheckConditions(generator, flags);
            return generator;
        }
        catch
        {
            generator.Dispose();
            throw;
        }
    }

    /// <summary>The latents (in order) and the image output of the adapted generator.</summary>
    public static GradientSpec Spec(Generator generator) => new([.. generator.Latents.Select(l => l.Name)], [generator.ImageOutput]);

    /// <summary>
    /// Progress notes for a build over <paramref name="model"/>, to <paramref name="errors"/> with <paramref name="prefix"/>,
    /// when the model has at least <see cref="BuildProgress.LargeGraphNodes"/> nodes; else null (small builds stay quiet).
    /// </summary>
    public static Action<string>? Notes(ModelProto model, TextWriter errors, string prefix) =>
        model.Graph.Node.Count < BuildProgress.LargeGraphNodes ? null : note => errors.WriteLine($"{prefix}{note}");

    /// <summary>
    /// One line per input the written VJP model needs, "  role  name  type [shape]": the latents, the fixed inputs
    /// (condition or noise) and the image cotangent.
    /// </summary>
    public static IEnumerable<string> DescribeInputs(ModelProto vjp, GradientSpec spec)
    {
        var weights = vjp.Graph.Initializer.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var cotangents = spec.Outputs.Select(GradientSpec.CotangentName).ToHashSet(StringComparer.Ordinal);
        foreach (var input in vjp.Graph.Input.Where(i => !weights.Contains(i.Name)).Select(ValueSignature.From))
        {
            string role = spec.Latents.Contains(input.Name) ? InputRole.Latent : cotangents.Contains(input.Name) ? InputRole.Cotangent : InputRole.OfFixed(input);
            yield return string.Create(CultureInfo.InvariantCulture, $"  {role,-10} {input.Name,-28} {input}");
        }
    }
}
