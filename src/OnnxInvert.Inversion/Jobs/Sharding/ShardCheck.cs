using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OnnxInvert.Inversion.Jobs.Sharding;

/// <summary>
/// The checks of a merge, all made before anything is written: every shard 0..N−1 of one shard count is there and
/// complete; each one's shard.json fits its name and the partition; one fingerprint and one input size for all;
/// state.json holds exactly one result per row, all with the same fields; and no item id is in two places.
/// </summary>
internal static class ShardCheck
{
    /// <summary>Runs the checks on the shard folders of <paramref name="outFolder"/>.</summary>
    /// <exception cref="ShardFolderException">A check failed; the message names the shard(s).</exception>
    public static CheckedShards Run(string outFolder)
    {
        var found = ShardFolder.Find(outFolder);
        if (found.Count == 0)
        {
            throw new ShardFolderException(outFolder, $"{outFolder}: no shard folders (shard-IIIII-of-NNNNN) to merge");
        }

        int[] counts = [.. found.Select(s => s.Spec.Count).Distinct()];
        if (counts.Length > 1)
        {
            throw new ShardFolderException(outFolder, $"{outFolder}: holds shards of {counts.Length} different shard counts ({string.Join(", ", counts)}); move the folders of the other runs away");
        }

        int count = counts[0];
        string[] missing = [.. Enumerable.Range(0, count).Where(i => found.All(s => s.Spec.Index != i)).Select(i => new ShardSpec(i, count).FolderName)];
        if (missing.Length > 0)
        {
            throw new ShardFolderException(missing[0], $"{outFolder}: {Listed(missing)} missing ({missing.Length} of {count} shards)");
        }

        string[] incomplete = [.. found.Where(s => !ShardFolder.IsComplete(s.Path)).Select(s => s.Spec.FolderName)];
        if (incomplete.Length > 0)
        {
            throw new ShardFolderException(incomplete[0], $"{outFolder}: {Listed(incomplete)} not complete (no {ShardFolder.SuccessFile}); run {(incomplete.Length == 1 ? "it" : "them")} again with resume before merging");
        }

        var shards = new List<CheckedShard>(count);
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        List<string>? fields = null;
        string? fingerprint = null;
        int[]? rowShape = null;
        foreach (var (spec, path) in found)
        {
            string name = spec.FolderName;
            var info = ShardInfo.Read(path);
            var state = ShardState.Read(path, name);
            var first = shards.Count == 0 ? null : shards[0];
            if (first is not null && info.Total != first.Info.Total)
            {
                throw new ShardFolderException(name, Invariant($"{name}: made for an input of {info.Total} items; {first.Name} for {first.Info.Total}"));
            }

            fingerprint ??= state.Fingerprint;
            if (state.Fingerprint != fingerprint)
            {
                throw new ShardFolderException(name, $"{name}: made with another model or other settings than {found[0].Spec.FolderName} (their fingerprints differ)");
            }

            CheckRows(name, info, state);
            foreach (var row in state.Results)
            {
                var keys = row.Select(p => p.Key).ToList();
                fields ??= keys;
                if (!keys.SequenceEqual(fields))
                {
                    throw new ShardFolderException(name, $"{name}: result {ShardState.Row(row)} has the fields ({string.Join(", ", keys)}); others have ({string.Join(", ", fields)})");
                }

                string id = ShardState.Id(row);
                if (!owners.TryAdd(id, name))
                {
                    throw new ShardFolderException(name, $"{name}: item '{id}' is also in {owners[id]} (an item may be in one place only)");
                }
            }

            if (rowShape is null && info.Items > 0)
            {
                rowShape = ShardLatents.Read(path, name, info.Items).RowShape;
            }

            shards.Add(new CheckedShard(name, path, info, ReadSummary(path, name)));
        }

        if (fields is null || rowShape is null)
        {
            throw new ShardFolderException(outFolder, $"{outFolder}: the shards hold no items");
        }

        if (!fields.Contains("index") || !fields.Contains("source"))
        {
            throw new ShardFolderException(shards[0].Name, $"{shards[0].Name}: results need 'index' and 'source' fields");
        }

        return new CheckedShards(shards, fields, rowShape);
    }

    /// <summary>Checks that the results are exactly one per row 0..items−1.</summary>
    private static void CheckRows(string name, ShardInfo info, ShardState state)
    {
        if (state.Images != info.Items)
        {
            throw new ShardFolderException(name, Invariant($"{name}: {ShardFolder.StateFile} is for {state.Images} items; {ShardFolder.InfoFile} gives the shard {info.Items}"));
        }

        var seen = new bool[info.Items];
        foreach (var row in state.Results)
        {
            int r = ShardState.Row(row);
            if (r < 0 || r >= info.Items)
            {
                throw new ShardFolderException(name, Invariant($"{name}: result for row {r}, outside 0..{info.Items - 1}"));
            }

            if (seen[r])
            {
                throw new ShardFolderException(name, Invariant($"{name}: two results for row {r} ('{ShardState.Id(row)}')"));
            }

            seen[r] = true;
        }

        int unfinished = Array.IndexOf(seen, false);
        if (unfinished >= 0)
        {
            throw new ShardFolderException(name, Invariant($"{name}: marked complete but row {unfinished} (item {info.First + unfinished} of the input) has no result; {seen.Count(s => !s)} of {info.Items} missing"));
        }
    }

    private static JsonObject ReadSummary(string path, string name)
    {
        string file = Path.Combine(path, ShardFolder.SummaryFile);
        if (!File.Exists(file))
        {
            throw new ShardFolderException(name, $"{name}: no {ShardFolder.SummaryFile}");
        }

        try
        {
            return JsonNode.Parse(File.ReadAllText(file)) as JsonObject ?? throw new JsonException("not a JSON object");
        }
        catch (JsonException ex)
        {
            throw new ShardFolderException(name, $"{name}: {ShardFolder.SummaryFile} is unreadable ({ex.Message})", ex);
        }
    }

    private static string Listed(string[] names) =>
        names.Length == 1 ? names[0] + " is" : string.Join(", ", names.Take(10)) + (names.Length > 10 ? ", ..." : string.Empty) + " are";

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
