using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OnnxInvert.Inversion.Jobs.Sharding;

/// <summary>CSV fields as run folders write them: RFC 4180 quoting, JSON numbers and booleans as their JSON text.</summary>
internal static class CsvText
{
    /// <summary>Quotes <paramref name="text"/> when it holds a comma, a quote or a line break.</summary>
    public static string Quote(string text) =>
        text.IndexOfAny([',', '"', '\n', '\r']) < 0 ? text : $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    /// <summary>A JSON field as a CSV field: strings quoted as needed, numbers and booleans as written, null empty.</summary>
    public static string Field(JsonNode? node) => node switch
    {
        null => string.Empty,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => Quote(v.GetValue<string>()),
        _ => node.ToJsonString(),
    };

    /// <summary>A whole number as a CSV field.</summary>
    public static string Field(int value) => value.ToString(CultureInfo.InvariantCulture);
}
