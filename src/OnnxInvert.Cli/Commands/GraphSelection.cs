using OnnxInvert.Autodiff;
using OnnxInvert.Onnx.Inspection;
using OnnxInvert.Onnx.Proto;
using OnnxInvert.Onnx.Tensors;

namespace OnnxInvert.Cli.Commands;

/// <summary>Resolves which inputs are latents and which outputs are differentiated, from flags or defaults.</summary>
internal static class GraphSelection
{
    public static GradientSpec Resolve(ModelProto model, IEnumerable<string> latents, IEnumerable<string> outputs)
    {
        var summary = ModelInspector.Inspect(model);
        var chosenLatents = latents.ToArray();
        if (chosenLatents.Length == 0)
        {
            chosenLatents = summary.Inputs.Where(i => ElementTypes.IsFloatingPoint(i.ElementType)).Select(i => i.Name).ToArray();
        }

        foreach (string latent in chosenLatents)
        {
            if (!summary.Inputs.Any(i => i.Name == latent))
            {
                throw new UsageException($"--latent '{latent}' is not an input of the model; its inputs are: {string.Join(", ", summary.Inputs.Select(i => i.Name))}");
            }
        }

        var chosenOutputs = outputs.ToArray();
        if (chosenOutputs.Length == 0)
        {
            chosenOutputs = summary.Outputs.Select(o => o.Name).ToArray();
        }

        foreach (string output in chosenOutputs)
        {
            if (!summary.Outputs.Any(o => o.Name == output))
            {
                throw new UsageException($"--output '{output}' is not an output of the model; its outputs are: {string.Join(", ", summary.Outputs.Select(o => o.Name))}");
            }
        }

        if (chosenLatents.Length == 0)
        {
            throw new UsageException("the model has no float input to differentiate; name one with --latent");
        }

        return new GradientSpec(chosenLatents, chosenOutputs);
    }
}
