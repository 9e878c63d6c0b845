using OnnxInvert.Onnx.IO;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Inversion.Models;

/// <summary>Finds a generator's model card: <c>model-card.json</c> beside the model, else the model's metadata.</summary>
public static class ModelCardLocator
{
    /// <summary>The largest <c>model-card.json</c> read, in bytes (cards are a few kilobytes).</summary>
    public const long MaxCardBytes = 16L << 20;

    /// <summary>The card of the model at <paramref name="modelPath"/>, or null when it has none.</summary>
    /// <exception cref="FormatException">A card exists but is malformed.</exception>
    /// <exception cref="IOException">The card beside the model is not a regular file or is over <see cref="MaxCardBytes"/>.</exception>
    public static ModelCard? Find(string modelPath, ModelProto model) => Locate(modelPath, model).Card;

    /// <summary>The card as <see cref="Find"/> finds it, with the file it was read from (null for an embedded card).</summary>
    internal static (ModelCard? Card, string? File) Locate(string modelPath, ModelProto model)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(modelPath)) ?? ".";
        string beside = Path.Combine(directory, ModelCard.FileName);
        if (File.Exists(beside))
        {
            return (ModelCard.Parse(RegularFile.ReadAllText(beside, MaxCardBytes), beside), beside);
        }

        var embedded = model.MetadataProps.LastOrDefault(p => p.Key == ModelCard.MetadataKey);
        return (embedded is null ? null : ModelCard.Parse(embedded.Value, $"{modelPath} metadata '{ModelCard.MetadataKey}'"), null);
    }
}
