using OnnxInvert.Onnx.Inspection;
using OnnxInvert.Onnx.Proto;
using OnnxInvert.Onnx.Tensors;
using DataType = OnnxInvert.Onnx.Proto.TensorProto.Types.DataType;

namespace OnnxInvert.Inversion.Models.Adaptation;

/// <summary>Chooses and checks the image tensor and the latents of a model (named in the request, else detected).</summary>
internal static class TensorSelection
{
    public static string ChooseImage(ModelProto model, GraphIndex index, AdaptationRequest request)
    {
        string name = request.ModelName;
        var outputs = model.Graph.Output.Select(ValueSignature.From).ToArray();
        if (request.Image is { } image)
        {
            if (index.Producer(image) is not null)
            {
                return image;
            }

            string what = index.Inputs.Contains(image) ? "an input" : index.Initializers.Contains(image) ? "a weight (initializer)" : "not a tensor of the graph";
            throw new ModelAdaptationException($"{name}: '{image}' is {what}; the image must be a tensor some node computes (outputs: {string.Join(", ", outputs.Select(o => $"{o.Name} {o}"))})");
        }

        var candidate = outputs.FirstOrDefault(ModelInspector.IsImageLike)?.Name;
        var floats = outputs.Where(o => ElementTypes.IsFloatingPoint(o.ElementType)).ToArray();
        return candidate ?? (floats.Length == 1 ? floats[0].Name
            : throw new ModelAdaptationException($"{name}: no output looks like an image (outputs: {string.Join(", ", outputs.Select(o => $"{o.Name} {o}"))}); name the image tensor (GeneratorOptions.ImageOutput)"));
    }

    public static string[] ChooseLatents(GraphIndex index, Dictionary<string, ValueSignature> declared, AdaptationRequest request, Action<string> notice)
    {
        string name = request.ModelName;
        string inputs = string.Join(", ", declared.Values.Select(i => $"{i.Name} {i}"));
        if (request.Latents.Count > 0)
        {
            var distinct = request.Latents.Distinct(StringComparer.Ordinal).ToArray();
            foreach (string latent in distinct)
            {
                if (declared.TryGetValue(latent, out var signature))
                {
                    if (signature.ElementType != DataType.Float || signature.Dims is not { Count: >= 1 })
                    {
                        throw new ModelAdaptationException($"{name}: latent input '{latent}' is {signature}; a latent must be a float32 tensor with a batch axis");
                    }
                }
                else if (index.Producer(latent) is null)
                {
                    string what = index.Initializers.Contains(latent) ? "a weight (initializer), not a latent" : "not a tensor of the graph";
                    throw new ModelAdaptationException($"{name}: '{latent}' is {what} (inputs: {inputs})");
                }
            }

            return distinct;
        }

        // Latent-like inputs first ([N,d], [N,L,d], [N,d,1,1]); else any float input with a batch axis (a fully convolutional decoder's [N,4,h,w]).
        var floats = declared.Values.Where(i => i.ElementType == DataType.Float && i.Rank is >= 2).ToArray();
        var candidates = floats.Where(ModelInspector.IsLatentLike).ToArray();
        if (candidates.Length == 0)
        {
            candidates = floats.Length == 1 ? floats
                : throw new ModelAdaptationException($"{name}: no input looks like a latent (float, rank 2 or [N,d,1,1]; inputs: {inputs}); name it (GeneratorOptions.Latents)");
        }

        if (declared.Count > 1)
        {
            notice($"{name}: taking input '{candidates[0].Name}' as the latent (inputs: {inputs}); name the latents to choose others (GeneratorOptions.Latents)");
        }

        return [candidates[0].Name];
    }

    public static bool DependsOn(GraphIndex index, string tensor, string source)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal) { tensor };
        var pending = new Stack<string>([tensor]);
        while (pending.Count > 0)
        {
            string current = pending.Pop();
            if (current == source)
            {
                return true;
            }

            foreach (string input in index.Producer(current) is { } node ? GraphIndex.Reads(node) : [])
            {
                if (seen.Add(input))
                {
                    pending.Push(input);
                }
            }
        }

        return false;
    }
}
