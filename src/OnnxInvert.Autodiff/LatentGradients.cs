using OnnxInvert.Autodiff.Analysis;
using OnnxInvert.Autodiff.Emit;
using OnnxInvert.Onnx.Building;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Autodiff;

/// <summary>Exposes the latents' gradients as graph outputs named <c>&lt;latent&gt;_grad</c>.</summary>
internal static class LatentGradients
{
    public static void AddOutputs(ModelProto model, Emitter emitter, ShapeTable shapes, GradientSpec spec, IReadOnlyDictionary<string, string?> grads)
    {
        var graph = model.Graph;
        foreach (string latent in spec.Latents)
        {
            string name = GradientSpec.GradientName(latent);
            if (emitter.Builder.IsUsed(name))
            {
                throw new GradientBuildException($"cannot name the gradient output '{name}': the model already uses that name");
            }

            // A latent no output depends on gets an all-zero gradient rather than an error: it is still an honest answer.
            string source = grads[latent] ?? emitter.ZerosLike(latent, shapes[latent].ElementType);
            emitter.Builder.Claim(name);
            graph.Node.Add(new NodeProto { OpType = "Identity", Name = emitter.Builder.UniqueName(name + "_node"), Input = { source }, Output = { name } });
            var declared = graph.Input.Single(i => i.Name == latent);
            emitter.Builder.AddOutput(ValueInfoFactory.Renamed(declared, name));
        }
    }
}
