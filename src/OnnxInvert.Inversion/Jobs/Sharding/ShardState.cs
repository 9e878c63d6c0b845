using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OnnxInvert.Inversion.Jobs.Sharding;

/// <summary>
/// A folder's <c>state.json</c> as the merge reads it: the fingerprint, the number of items, and one result object
/// per finished item, each with its row (<c>index</c>), item id (<c>source</c>) and figures, fields in file order.
/// </summary>
internal sealed record ShardState(string Fingerprint, int Images, IReadOnlyList<JsonObject> Results)
{
    /// <summary>Reads <paramref name="folder"/>'s state file; <paramref name="name"/> names the folder in errors.</summary>
    /// <exception cref="ShardFolderException">The file is missing or is not a state file.</exception>
    public static ShardState Read(string folder, string name)
    {
        string path = Path.Combine(folder, ShardFolder.StateFile);
        if (!File.Exists(path))
        {
            throw new ShardFolderException(name, $"{name}: no {ShardFolder.StateFile}");
        }

        try
        {
            var root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new FormatException("not a JSON object");
            string fingerprint = root["fingerprint"]?.GetValue<string>() ?? throw new FormatException("no 'fingerprint'");
            int images = root["images"]?.GetValue<int>() ?? throw new FormatException("no 'images'");
            var results = root["results"] as JsonArray ?? throw new FormatException("no 'results' array");
            var rows = new List<JsonObject>(results.Count);
            foreach (var node in results)
            {
                var row = node as JsonObject ?? throw new FormatException("a result that is not an object");
                int index = row["index"]?.GetValue<int>() ?? throw new FormatException("a result without 'index'");
                _ = row["source"]?.GetValue<string>() ?? throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"result {index} has no 'source'"));
                rows.Add(row);
            }

            return new ShardState(fingerprint, images, rows);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            throw new ShardFolderException(name, $"{name}: {ShardFolder.StateFile} is unreadable ({ex.Message})", ex);
        }
    }

    /// <summary>The row of <paramref name="result"/>.</summary>
    public static int Row(JsonObject result) => result["index"]!.GetValue<int>();

    /// <summary>The item id of <paramref name="result"/>.</summary>
    public static string Id(JsonObject result) => result["source"]!.GetValue<string>();

    /// <summary>A numeric field of <paramref name="result"/> (NaN when absent, or written as "NaN"/"Infinity").</summary>
    public static double Number(JsonObject result, string field) => result[field] switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.GetValue<double>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.String
            && double.TryParse(v.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d) => d,
        _ => double.NaN,
    };

    /// <summary>Whether a boolean field of <paramref name="result"/> is true.</summary>
    public static bool Flag(JsonObject result, string field) =>
        result[field] is JsonValue v && v.GetValueKind() == JsonValueKind.True;
}
