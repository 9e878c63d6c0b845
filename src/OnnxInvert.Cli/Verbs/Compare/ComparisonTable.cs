using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OnnxInvert.Inversion.Evaluation;
using Jobs = OnnxInvert.Inversion.Jobs;
using OnnxInvert.Cli.Verbs.Shared;

namespace OnnxInvert.Cli.Verbs.Compare;

/// <summary>The journal paper's Table I for a set of models: the terminal table, and the same figures as CSV and JSON.</summary>
internal static class ComparisonTable
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>
    /// An aligned text table, one row per model, the best mean MSE marked with '*' (when more than one model was
    /// scored); a failed model's row says FAILED and its error follows the table.
    /// </summary>
    public static string Text(IReadOnlyList<ComparisonRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var scores = rows.Select(r => r.Score).OfType<ModelScore>().ToArray();
        double best = scores.Length > 0 ? scores.Min(s => s.Mse.Mean) : double.NaN;
        string level = scores.Length > 0 ? Percent(scores[0].Mse.Level) : "95%";
        string[] header = ["model", "images", $"MSE (± {level} CI)", $"MAE (± {level} CI)", "PSNR dB", "failed", "seconds"];
        var cells = rows.Select(r => r.Score is { } s
            ? [
                (s.Mse.Mean == best && scores.Length > 1 ? "* " : string.Empty) + r.Model,
                s.Mse.Count.ToString(CultureInfo.InvariantCulture),
                WithInterval(s.Mse),
                WithInterval(s.Mae),
                s.Psnr.Mean.ToString("F2", CultureInfo.InvariantCulture),
                s.Failed.ToString(CultureInfo.InvariantCulture),
                s.WallSeconds.ToString("F1", CultureInfo.InvariantCulture),
            ]
            : new[] { r.Model, "-", "FAILED", "-", "-", "-", "-" }).ToList();
        int[] widths = header.Select((h, c) => cells.Select(r => r[c].Length).Append(h.Length).Max()).ToArray();
        var text = new StringBuilder();
        AppendRow(text, header, widths);
        AppendRow(text, widths.Select(w => new string('-', w)).ToArray(), widths);
        foreach (var row in cells)
        {
            AppendRow(text, row, widths);
        }

        foreach (var failed in rows.Where(r => r.Failed))
        {
            text.Append(CultureInfo.InvariantCulture, $"FAILED {failed.Model}: {failed.Error}\n");
        }

        return text.ToString();
    }

    /// <summary>The CSV header of <see cref="Csv"/>.</summary>
    public const string CsvHeader = "model,images,failed,mse_mean,mse_ci_low,mse_ci_high,mse_std,mae_mean,mae_ci_low,mae_ci_high,mae_std,psnr_mean,psnr_ci_low,psnr_ci_high,confidence,wall_seconds,prior,error";

    /// <summary>One CSV row per model: mean, interval and standard deviation of each measure; a failed model has only its name and error.</summary>
    public static string Csv(IReadOnlyList<ComparisonRow> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder(CsvHeader + "\n");
        foreach (var row in rows)
        {
            string[] figures = row.Score is { } s
                ? [
                    Number(s.Mse.Count), Number(s.Failed),
                    Number(s.Mse.Mean), Number(s.Mse.Low), Number(s.Mse.High), Number(s.Mse.StdDev),
                    Number(s.Mae.Mean), Number(s.Mae.Low), Number(s.Mae.High), Number(s.Mae.StdDev),
                    Number(s.Psnr.Mean), Number(s.Psnr.Low), Number(s.Psnr.High), Number(s.Mse.Level), Number(s.WallSeconds),
                ]
                : new string[15];
            text.Append(string.Join(',', [Jobs.Csv.Quote(row.Model), .. figures.Select(f => f ?? string.Empty), Jobs.Csv.Quote(row.Prior ?? string.Empty), Jobs.Csv.Quote(row.Error ?? string.Empty)])).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>The scores and the settings they were measured with, as indented JSON; a failed model has <c>error</c> instead of figures.</summary>
    public static string Json(IReadOnlyList<ComparisonRow> rows, JsonObject settings)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var models = new JsonArray();
        foreach (var row in rows)
        {
            var entry = new JsonObject { ["model"] = row.Model, ["prior"] = row.Prior, ["folder"] = row.Folder };
            if (row.Score is { } s)
            {
                entry["images"] = s.Mse.Count;
                entry["failed"] = s.Failed;
                entry["mse"] = Summary(s.Mse);
                entry["mae"] = Summary(s.Mae);
                entry["psnr"] = Summary(s.Psnr);
                entry["wall_seconds"] = s.WallSeconds;
            }
            else
            {
                entry["error"] = row.Error;
            }

            models.Add(entry);
        }

        return new JsonObject { ["settings"] = settings, ["models"] = models }.ToJsonString(Indented);
    }

    private static JsonObject Summary(ErrorSummary summary) => new()
    {
        ["mean"] = summary.Mean,
        ["ci_low"] = Finite(summary.Low),
        ["ci_high"] = Finite(summary.High),
        ["std"] = Finite(summary.StdDev),
        ["confidence"] = summary.Level,
    };

    private static JsonNode? Finite(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;

    private static string WithInterval(ErrorSummary summary) => double.IsFinite(summary.HalfWidth)
        ? string.Create(CultureInfo.InvariantCulture, $"{summary.Mean:G4} ± {summary.HalfWidth:G2}")
        : summary.Mean.ToString("G4", CultureInfo.InvariantCulture);

    private static string Percent(double level) => (level * 100).ToString("G4", CultureInfo.InvariantCulture) + "%";

    private static string Number(double value) => double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : string.Empty;

    private static void AppendRow(StringBuilder text, string[] cells, int[] widths)
    {
        for (int c = 0; c < cells.Length; c++)
        {
            text.Append(c == 0 ? cells[c].PadRight(widths[c]) : "  " + cells[c].PadLeft(widths[c]));
        }

        text.Append('\n');
    }
}
