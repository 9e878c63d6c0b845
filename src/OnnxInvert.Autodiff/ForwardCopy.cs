using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.Graphs;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Autodiff;

/// <summary>A copy of the forward model to which backward nodes are appended, checked against the gradient spec.</summary>
internal static class ForwardCopy
{
    /// <summary>The lowest default-domain opset the emitted graphs support.</summary>
    public const long MinimumOpset = 9;

    public static (ModelProto Model, GraphBuilder Builder) Create(ModelProto model, GradientSpec spec)
    {
        long opset = model.OpsetVersion() ?? throw new GradientBuildException("the model imports no default-domain ONNX opset");
        if (opset < MinimumOpset)
        {
            throw new GradientBuildException($"the model uses ONNX opset {opset}; gradient graphs need opset {MinimumOpset} or newer");
        }

        var copy = model.Clone();
        var graph = copy.Graph;
        var initializers = graph.Initializer.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        foreach (string latent in spec.Latents)
        {
            if (!graph.Input.Any(i => i.Name == latent) || initializers.Contains(latent))
            {
                string known = string.Join(", ", graph.Input.Where(i => !initializers.Contains(i.Name)).Select(i => i.Name));
                throw new GradientBuildException($"'{latent}' is not an input of the model (its inputs: {known})");
            }
        }

        foreach (string output in spec.Outputs)
        {
            if (!graph.Output.Any(o => o.Name == output))
            {
                throw new GradientBuildException($"'{output}' is not an output of the model (its outputs: {string.Join(", ", graph.Output.Select(o => o.Name))})");
            }
        }

        graph.ValueInfo.Clear();
        return (copy, new GraphBuilder(graph, opset));
    }
}
