using OnnxInvert.Autodiff.Analysis;
using OnnxInvert.Autodiff.Emit;
using OnnxInvert.Autodiff.Rules;
using OnnxInvert.Autodiff.Tuning;
using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.Graphs;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Autodiff;

/// <summary>
/// Builds the VJP model of a generator: inputs are the latents plus one cotangent <c>&lt;output&gt;_grad</c> per output;
/// outputs are the generator's outputs plus <c>&lt;latent&gt;_grad</c> = vᵀ·∂G/∂latent for each latent. Only standard
/// ONNX ops are emitted, at the model's own opset, with the batch dimension left symbolic.
/// </summary>
public static class VjpGraphBuilder
{
    /// <summary>Builds the VJP model of <paramref name="model"/> (which is not modified).</summary>
    /// <param name="model">The generator.</param>
    /// <param name="shapes">Its probed shapes (<see cref="ShapeProbe.Run"/>).</param>
    /// <param name="spec">The latents and outputs.</param>
    /// <param name="progress">Optional: receives one line per build phase and, on long graphs, every few thousand nodes.</param>
    /// <exception cref="GradientBuildException">An op on a path from a latent to an output cannot be differentiated.</exception>
    public static ModelProto Build(ModelProto model, ShapeTable shapes, GradientSpec spec, Action<string>? progress = null)
    {
        var notes = BuildProgress.From(progress);
        var (vjp, builder) = ForwardCopy.Create(model, spec);
        var graph = vjp.Graph;
        var seeds = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string output in spec.Outputs)
        {
            var declared = graph.Output.Single(o => o.Name == output);
            string cotangent = GradientSpec.CotangentName(output);
            if (builder.IsUsed(cotangent))
            {
                throw new GradientBuildException($"cannot name the cotangent input '{cotangent}': the model already uses that name");
            }

            builder.AddInput(ValueInfoFactory.Renamed(declared, cotangent));
            seeds[output] = cotangent;
        }

        var emitter = new Emitter(builder, "grad/");
        var grads = new BackwardPass(model.Graph, emitter, shapes, RuleRegistry.Default, notes).Run(TopologicalOrder.Sort(model.Graph), spec.Latents, seeds);
        LatentGradients.AddOutputs(vjp, emitter, shapes, spec, grads);
        NarrowConvRewrite.Apply(vjp);
        ReadinessOrder.Apply(vjp);
        return vjp;
    }
}
