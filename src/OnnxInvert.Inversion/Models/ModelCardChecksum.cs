using System.Text.Json;

namespace OnnxInvert.Inversion.Models;

/// <summary>
/// Checks a model file against the SHA-256 its <c>model-card.json</c> states for it (<see cref="ModelCard.Files"/>):
/// a mismatch means the card describes another file, so what it states (prior, range, inputs) may not fit this one.
/// </summary>
internal static class ModelCardChecksum
{
    /// <summary>
    /// Warns through <paramref name="notice"/> when the card at <paramref name="cardPath"/> states a SHA-256 for the
    /// model at <paramref name="modelPath"/> other than <paramref name="sha256"/> (the file's, lower-case hex); says
    /// nothing when they match or the card states none.
    /// </summary>
    /// <exception cref="FormatException">The card's entry for the model has a <c>sha256</c> that is not a string.</exception>
    public static void Check(ModelCard card, string cardPath, string modelPath, string sha256, Action<string> notice)
    {
        string name = Path.GetFileName(modelPath);
        if (card.Files?.GetValueOrDefault(name) is not { ValueKind: JsonValueKind.Object } entry
            || !entry.TryGetProperty("sha256", out var stated))
        {
            return;
        }

        string expected = stated.ValueKind == JsonValueKind.String
            ? stated.GetString()!.Trim()
            : throw new FormatException($"{cardPath}: files.{name}.sha256 must be a string of 64 hex digits");
        if (!expected.Equals(sha256, StringComparison.OrdinalIgnoreCase))
        {
            notice($"warning: {modelPath}: the file's sha256 is {sha256}, but {cardPath} states {expected} for {name}; "
                + "the model is not the file the card describes (changed, re-exported or damaged), so the card's prior, "
                + "output range and inputs may not fit it");
        }
    }
}
