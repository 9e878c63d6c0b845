using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OnnxInvert.Inversion.Jobs.Sharding;

/// <summary>
/// A folder's committed results as the merge reads them: from <c>state.json</c> the fingerprint, the number of items
/// and how much of <c>metrics.csv</c> is committed, and from that part of <c>metrics.csv</c> one result object per
/// finished item, each with its row (<c>index</c>), item id (<c>source</c>) and figures, fields in the file's column
/// order (numbers and booleans as JSON values, a non-finite number as its name). A state.json of the older layout
/// lists the result objects itself.
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
            var rows = new List<JsonObject>();
            foreach (var node in root["results"] as JsonArray ?? Committed(folder, root))
            {
                var row = node as JsonObject ?? throw new FormatException("a result that is not an object");
                int index = row["index"]?.GetValue<int>() ?? throw new FormatException("a result without 'index'");
                _ = row["source"]?.GetValue<string>() ?? throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"result {index} has no 'source'"));
                rows.Add(row);
            }

            return new ShardState(fingerprint, images, rows);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or IOException)
        {
            throw new ShardFolderException(name, $"{name}: {ShardFolder.StateFile} is unreadable ({ex.Message})", ex);
        }
    }

    /// <summary>The committed rows of <paramref name="folder"/>'s metrics.csv as result objects (the first bytes the state's <c>metrics_bytes</c> gives).</summary>
    private static IEnumerable<JsonNode?> Committed(string folder, JsonObject state)
    {
        int finished = state["finished"]?.GetValue<int>() ?? throw new FormatException("neither 'results' nor 'finished'");
        long committed = state["metrics_bytes"]?.GetValue<long>() ?? throw new FormatException("no 'metrics_bytes'");
        string path = Path.Combine(folder, ShardFolder.MetricsFile);
        if (finished == 0)
        {
            yield break;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (stream.Length < committed)
        {
            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{ShardFolder.MetricsFile} is {stream.Length} bytes; the state committed {committed}"));
        }

        string[]? fields = null;
        int count = 0;
        foreach (var (offset, length) in Tables.CsvRecords.Scan(stream, 0, committed))
        {
            var cells = Csv.Fields(Tables.CsvRecords.Read(stream, offset, length));
            if (fields is null)
            {
                fields = [.. cells];
                continue;
            }

            if (cells.Count != fields.Length)
            {
                throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{ShardFolder.MetricsFile}: a row has {cells.Count} fields; the header {fields.Length}"));
            }

            var row = new JsonObject();
            for (int f = 0; f < fields.Length; f++)
            {
                row[fields[f]] = Value(fields[f], cells[f]);
            }

            count++;
            yield return row;
        }

        if (count != finished)
        {
            throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{ShardFolder.MetricsFile} holds {count} committed rows; the state lists {finished}"));
        }
    }

    /// <summary>A metrics.csv cell as the JSON value the older state.json held: the id a string, numbers and booleans as such, a non-finite number its name.</summary>
    private static JsonNode? Value(string field, string cell) => cell switch
    {
        _ when field == "source" => JsonValue.Create(cell),
        "" => null,
        "true" => JsonValue.Create(true),
        "false" => JsonValue.Create(false),
        _ when double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) => double.IsFinite(d) ? JsonNode.Parse(cell) : JsonValue.Create(cell),
        _ => JsonValue.Create(cell),
    };

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
