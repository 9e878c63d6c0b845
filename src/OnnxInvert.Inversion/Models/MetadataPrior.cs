using System.Text.Json;
using OnnxInvert.Inversion.Priors;
using OnnxInvert.Onnx.Proto;

namespace OnnxInvert.Inversion.Models;

/// <summary>
/// The latent prior a model states in its own metadata (<c>onnxinvert.prior</c>, shown by <c>info</c>): a card's prior
/// object (<c>{"kind": "normal", "mean": 0, "std": 1}</c>, read by <see cref="CardPrior"/>) or the text form of
/// <c>--prior</c> (<c>uniform:-1,1</c>, read by <see cref="PriorParser"/>). It applies after the options and the card.
/// </summary>
internal static class MetadataPrior
{
    /// <summary>The metadata_props key.</summary>
    public const string Key = "onnxinvert.prior";

    /// <summary>
    /// The prior in <paramref name="model"/>'s metadata, or null when there is none or it states none; one that cannot
    /// be read is a warning through <paramref name="notice"/> naming the model and the value, and null.
    /// </summary>
    public static Prior? Read(string path, ModelProto model, Action<string> notice)
    {
        var entry = model.MetadataProps.LastOrDefault(p => p.Key == Key);
        if (entry is null || string.IsNullOrWhiteSpace(entry.Value))
        {
            return null;
        }

        string value = entry.Value.Trim();
        string what = $"{path}: the prior in the model's metadata ({Key})";
        try
        {
            return value.StartsWith('{')
                ? CardPrior.ToPrior(JsonSerializer.Deserialize<ModelCard.PriorCard>(value, ModelCard.JsonOptions), what)
                : PriorParser.Parse(value);
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            string shown = value.Length > 80 ? value[..77] + "..." : value;
            notice($"warning: {what} cannot be used ('{shown}': {ex.Message}); it is ignored");
            return null;
        }
    }
}
