using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Evaluation;

namespace OnnxInvert.Inversion.Jobs.Sharding;

/// <summary>
/// Merges the shard folders of one sharded run (<c>OUT/shard-IIIII-of-NNNNN/</c>) into one folder with the layout
/// of an unsharded run: <c>latents.npy</c> (row = the item's position in the whole input), <c>metrics.csv</c>,
/// <c>index.csv</c> and <c>summary.json</c> (means with the Student-t confidence intervals <c>compare</c> gives),
/// then <c>_SUCCESS</c>. Before writing anything it checks that every shard 0..N−1 is there and complete, that all
/// were made with one fingerprint (model and settings) over one input, and that no item is missing or repeated; each
/// problem is a <see cref="ShardFolderException"/> naming the shard. Each file is written through
/// <see cref="AtomicFile"/>, shard by shard (one shard's latents in memory at a time), and <c>_SUCCESS</c> last.
/// The folder format is docs/shard-format.md.
/// </summary>
public static class ShardMerger
{
    /// <summary>
    /// The header of the merged <c>index.csv</c>: the item's position, its id, where it came from, and <c>done</c>; then
    /// a row per input file a shard skipped (its summary's <c>skipped</c>: undecodable or of another size), with no
    /// position or row and <c>skipped</c>.
    /// </summary>
    public const string IndexHeader = "index,source,shard,row,status";

    private static readonly string[] Outputs =
        [ShardFolder.LatentsFile, ShardFolder.MetricsFile, ShardFolder.IndexFile, ShardFolder.SummaryFile, ShardFolder.SuccessFile];

    /// <summary>Summary fields that describe one run's work rather than its settings: recomputed or summed, never copied.</summary>
    private static readonly HashSet<string> PerRunFields =
    [
        "images", "shards", "mean_mse", "mean_mae", "mean_psnr", "mean_loss", "mse", "mae", "psnr", "converged", "failed",
        "reinitializations", "resumed_images", "skipped", "wall_seconds", "iterations", "sample_steps", "seconds_per_step",
        "seconds_per_sample_step",
    ];

    /// <summary>Per-run counters of the shards' summaries that the merged summary holds as their sum.</summary>
    private static readonly string[] SummedFields = ["resumed_images", "wall_seconds", "iterations", "sample_steps"];

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Checks the shards of <paramref name="outFolder"/> and writes their merge to <paramref name="mergedFolder"/>.</summary>
    /// <param name="outFolder">The folder holding the shard folders.</param>
    /// <param name="mergedFolder">Where to write the merge; created when missing; may hold an earlier merge, which is replaced.</param>
    /// <param name="level">The confidence level of the intervals.</param>
    /// <exception cref="ShardFolderException">A shard is missing, incomplete, unreadable or does not fit with the others, or <paramref name="mergedFolder"/> cannot be used.</exception>
    public static MergeResult Merge(string outFolder, string mergedFolder, double level = 0.95)
    {
        ArgumentException.ThrowIfNullOrEmpty(outFolder);
        ArgumentException.ThrowIfNullOrEmpty(mergedFolder);
        var shards = ShardCheck.Run(outFolder);
        PrepareOutput(outFolder, mergedFolder);

        var totals = new MergeTotals();
        var first = shards[0];
        AtomicFile.Write(Path.Combine(mergedFolder, ShardFolder.LatentsFile), latentStream =>
        {
            var latents = NpyStreamWriter.Start(latentStream, [first.Info.Total, .. shards.RowShape]);
            AtomicFile.Write(Path.Combine(mergedFolder, ShardFolder.MetricsFile), metricStream =>
            {
                using var metrics = new StreamWriter(metricStream, new UTF8Encoding(false), leaveOpen: true);
                AtomicFile.Write(Path.Combine(mergedFolder, ShardFolder.IndexFile), indexStream =>
                {
                    using var index = new StreamWriter(indexStream, new UTF8Encoding(false), leaveOpen: true);
                    metrics.Write(string.Join(',', shards.Fields) + "\n");
                    index.Write(IndexHeader + "\n");
                    foreach (var shard in shards)
                    {
                        WriteShard(shard, shards, latents, metrics, index, totals);
                    }

                    foreach (var shard in shards)
                    {
                        foreach (string skipped in Skipped(shard))
                        {
                            index.Write(string.Join(',', string.Empty, CsvText.Quote(skipped), shard.Name, string.Empty, "skipped") + "\n");
                        }
                    }
                });
            });
            latents.Finish();
        });

        var result = new MergeResult
        {
            Folder = mergedFolder,
            Shards = shards.Count,
            Items = first.Info.Total,
            Failed = totals.Failed,
            Mse = Summarise(totals.Mse, level),
            Mae = Summarise(totals.Mae, level),
            Psnr = Summarise(totals.Psnr, level),
        };
        string summary = Summary(result, totals, shards).ToJsonString(Indented);
        AtomicFile.Write(Path.Combine(mergedFolder, ShardFolder.SummaryFile), s => s.Write(new UTF8Encoding(false).GetBytes(summary)));
        ShardFolder.MarkComplete(mergedFolder);
        return result;
    }

    private static void WriteShard(CheckedShard shard, CheckedShards all, NpyStreamWriter latents, StreamWriter metrics, StreamWriter index, MergeTotals totals)
    {
        if (shard.Info.Items == 0)
        {
            return;
        }

        // Read again (the check kept only what it needed); the check already vouched for rows and ids.
        var state = ShardState.Read(shard.Path, shard.Name);
        var data = ShardLatents.Read(shard.Path, shard.Name, shard.Info.Items);
        if (!data.RowShape.SequenceEqual(all.RowShape))
        {
            throw new ShardFolderException(shard.Name, $"{shard.Name}: latents of shape ({string.Join(", ", data.RowShape)}); the first shard with items has ({string.Join(", ", all.RowShape)})");
        }

        var line = new StringBuilder();
        foreach (var row in state.Results.OrderBy(ShardState.Row))
        {
            int r = ShardState.Row(row);
            int position = shard.Info.First + r;
            line.Clear();
            for (int f = 0; f < all.Fields.Count; f++)
            {
                line.Append(f == 0 ? string.Empty : ",").Append(all.Fields[f] == "index" ? CsvText.Field(position) : CsvText.Field(row[all.Fields[f]]));
            }

            metrics.Write(line.Append('\n').ToString());
            index.Write(string.Join(',', CsvText.Field(position), CsvText.Quote(ShardState.Id(row)), shard.Name, CsvText.Field(r), "done") + "\n");
            latents.Append(data.Row(r));
            totals.Add(row);
        }
    }

    /// <summary>The files <paramref name="shard"/> skipped, from its summary (none when it lists none).</summary>
    private static IEnumerable<string> Skipped(CheckedShard shard) =>
        shard.Summary["skipped"] is JsonArray skipped ? skipped.Select(n => n?.GetValue<string>()).OfType<string>() : [];

    private static void PrepareOutput(string outFolder, string mergedFolder)
    {
        string merged = Path.TrimEndingDirectorySeparator(Path.GetFullPath(mergedFolder));
        string source = Path.TrimEndingDirectorySeparator(Path.GetFullPath(outFolder));
        if (merged == source || (merged.StartsWith(source + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            && ShardSpec.FromFolderName(Path.GetFileName(Path.GetRelativePath(source, merged).Split(Path.DirectorySeparatorChar)[0])) is not null))
        {
            throw new ShardFolderException(mergedFolder, $"{mergedFolder}: the merged folder must not be the output folder or one of its shards");
        }

        if (File.Exists(merged))
        {
            throw new ShardFolderException(mergedFolder, $"{mergedFolder}: a file, not a folder");
        }

        if (Directory.Exists(merged))
        {
            string? other = Directory.EnumerateFileSystemEntries(merged).Select(Path.GetFileName)
                .FirstOrDefault(n => n is not null && !Outputs.Contains(n) && !n.StartsWith('.'));
            if (other is not null)
            {
                throw new ShardFolderException(mergedFolder, $"{mergedFolder}: not empty (holds {other}) and not an earlier merge; choose another folder");
            }
        }

        Directory.CreateDirectory(merged);
        ShardFolder.ClearComplete(merged);
    }

    private static ErrorSummary? Summarise(List<double> values, double level) => values.Count == 0 ? null : ErrorSummary.Of(values, level);

    private static JsonObject Summary(MergeResult result, MergeTotals totals, CheckedShards shards)
    {
        var summary = new JsonObject
        {
            ["images"] = result.Items,
            ["shards"] = result.Shards,
            ["mean_mse"] = Finite(result.Mse?.Mean),
            ["mean_mae"] = Finite(result.Mae?.Mean),
            ["mean_psnr"] = Finite(result.Psnr?.Mean),
            ["mean_loss"] = Finite(totals.Loss.Count == 0 ? null : totals.Loss.Average()),
            ["mse"] = Interval(result.Mse),
            ["mae"] = Interval(result.Mae),
            ["psnr"] = Interval(result.Psnr),
            ["converged"] = totals.Converged,
            ["failed"] = result.Failed,
            ["reinitializations"] = totals.Reinitializations,
            ["skipped"] = new JsonArray([.. shards.SelectMany(Skipped).Select(n => JsonValue.Create(n))]),
        };
        foreach (string field in SummedFields)
        {
            var values = shards.Select(s => s.Summary[field]).ToArray();
            if (values.All(v => v is JsonValue j && j.GetValueKind() == JsonValueKind.Number))
            {
                double sum = values.Sum(v => v!.GetValue<double>());
                summary[field] = field == "wall_seconds" ? JsonValue.Create(sum) : JsonValue.Create((long)sum);
            }
        }

        // Settings: every other field that all shards agree on (they do when the fingerprints match).
        foreach (var (field, value) in shards[0].Summary)
        {
            if (!PerRunFields.Contains(field) && shards.All(s => JsonNode.DeepEquals(s.Summary[field], value)))
            {
                summary[field] = value?.DeepClone();
            }
        }

        return summary;
    }

    private static JsonObject? Interval(ErrorSummary? summary) => summary is null ? null : new JsonObject
    {
        ["mean"] = summary.Mean,
        ["ci_low"] = Finite(summary.Low),
        ["ci_high"] = Finite(summary.High),
        ["std"] = Finite(summary.StdDev),
        ["confidence"] = summary.Level,
    };

    private static JsonValue? Finite(double? value) => value is { } v && double.IsFinite(v) ? JsonValue.Create(v) : null;
}
