using OnnxInvert.Autodiff;
using OnnxInvert.Onnx.Inspection;
using OnnxInvert.Onnx.Proto;
using OnnxInvert.Onnx.Tensors;

namespace OnnxInvert.Cli.Verbs.Shared;

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

        var chosenOutputs = outputs.ToArray();
        if (chosenOutputs.Length == 0)
        {
            chosenOutputs = summary.Outputs.Select(o => o.Name).ToArray();
        }

        CheckNames(summary, chosenLatents, chosenOutputs);
        if (chosenLatents.Length == 0)
        {
            throw new UsageException("the model has no float input to differentiate; name one with --latent");
        }

        return new GradientSpec(chosenLatents, chosenOutputs);
    }

    /// <summary>Checks that every name given with --latent is an input and every --output name an output.</summary>
    /// <exception cref="UsageException">A name is not in the model; the message lists the names it has.</exception>
    public static void CheckNames(ModelSummary summary, IEnumerable<string> latents, IEnumerable<string> outputs)
    {
        foreach (string latent in latents)
        {
            if (!summary.Inputs.Any(i => i.Name == latent))
            {
                throw new UsageException($"--latent '{latent}' is not an input of the model; its inputs are: {string.Join(", ", summary.Inputs.Select(i => i.Name))}");
            }
        }

        foreach (string output in outputs)
        {
            if (!summary.Outputs.Any(o => o.Name == output))
            {
                throw new UsageException($"--output '{output}' is not an output of the model; its outputs are: {string.Join(", ", summary.Outputs.Select(o => o.Name))}");
            }
        }
    }
}
