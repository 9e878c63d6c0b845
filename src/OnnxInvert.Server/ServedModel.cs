namespace OnnxInvert.Server;

/// <summary>A generator the service inverts for, under the name requests use in <c>/v1/models/{name}</c>.</summary>
/// <param name="Name">The name in URLs: letters, digits, '.', '_' and '-'.</param>
/// <param name="Path">The generator's ONNX file.</param>
public sealed record ServedModel(string Name, string Path)
{
    /// <summary>
    /// The tensors optimised together (graph inputs or cut points, as <c>invert --latent</c>); empty for the model
    /// card's or the detected latent. Requests cannot change them: a model with other latents is another served model.
    /// </summary>
    public IReadOnlyList<string> Latents { get; init; } = [];
}
