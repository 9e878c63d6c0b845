using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OnnxInvert.Inversion.Evaluation;

namespace OnnxInvert.Cli.Commands.Compare;

/// <summary>The journal paper's Table I for a set of models: the terminal table, and the same figures as CSV and JSON.</summary>
internal static class ComparisonTable
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>An aligned text table, one row per model, the best mean MSE marked with '*'.</summary>
    public static string Text(IReadOnlyList<ModelScore> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        double best = scores.Min(s => s.Mse.Mean);
        string level = scores.Count > 0 ? Percent(scores[0].Mse.Level) : "95%";
        string[] header = ["model", "images", $"MSE (± {level} CI)", $"MAE (± {level} CI)", "PSNR dB", "failed", "seconds"];
        var rows = scores.Select(s => new[]
        {
            (s.Mse.Mean == best && scores.Count > 1 ? "* " : string.Empty) + s.Model,
            s.Mse.Count.ToString(CultureInfo.InvariantCulture),
            WithInterval(s.Mse),
            WithInterval(s.Mae),
            s.Psnr.Mean.ToString("F2", CultureInfo.InvariantCulture),
            s.Failed.ToString(CultureInfo.InvariantCulture),
            s.WallSeconds.ToString("F1", CultureInfo.InvariantCulture),
        }).ToList();
        int[] widths = header.Select((h, c) => rows.Select(r => r[c].Length).Append(h.Length).Max()).ToArray();
        var text = new StringBuilder();
        AppendRow(text, header, widths);
        AppendRow(text, widths.Select(w => new string('-', w)).ToArray(), widths);
        foreach (var row in rows)
        {
            AppendRow(text, row, widths);
        }

        return text.ToString();
    }

    /// <summary>One CSV row per model: mean, interval and standard deviation of each measure.</summary>
    public static string Csv(IReadOnlyList<ModelScore> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var text = new StringBuilder("model,images,failed,mse_mean,mse_ci_low,mse_ci_high,mse_std,mae_mean,mae_ci_low,mae_ci_high,mae_std,psnr_mean,psnr_ci_low,psnr_ci_high,confidence,wall_seconds\n");
        foreach (var s in scores)
        {
            text.AppendLine(string.Join(',', [
                Quote(s.Model), Number(s.Mse.Count), Number(s.Failed),
                Number(s.Mse.Mean), Number(s.Mse.Low), Number(s.Mse.High), Number(s.Mse.StdDev),
                Number(s.Mae.Mean), Number(s.Mae.Low), Number(s.Mae.High), Number(s.Mae.StdDev),
                Number(s.Psnr.Mean), Number(s.Psnr.Low), Number(s.Psnr.High), Number(s.Mse.Level), Number(s.WallSeconds)]));
        }

        return text.ToString();
    }

    /// <summary>The scores and the settings they were measured with, as indented JSON.</summary>
    public static string Json(IReadOnlyList<ModelScore> scores, JsonObject settings)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var models = new JsonArray();
        foreach (var s in scores)
        {
            models.Add(new JsonObject
            {
                ["model"] = s.Model,
                ["images"] = s.Mse.Count,
                ["failed"] = s.Failed,
                ["mse"] = Summary(s.Mse),
                ["mae"] = Summary(s.Mae),
                ["psnr"] = Summary(s.Psnr),
                ["wall_seconds"] = s.WallSeconds,
            });
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

    private static string Quote(string text) => text.IndexOfAny([',', '"', '\n']) < 0 ? text : $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private static void AppendRow(StringBuilder text, string[] cells, int[] widths)
    {
        for (int c = 0; c < cells.Length; c++)
        {
            text.Append(c == 0 ? cells[c].PadRight(widths[c]) : "  " + cells[c].PadLeft(widths[c]));
        }

        text.Append('\n');
    }
}
