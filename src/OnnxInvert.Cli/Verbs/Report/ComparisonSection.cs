using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using OnnxInvert.Cli.Verbs.Compare;
using OnnxInvert.Cli.Verbs.Shared;
using OnnxInvert.Imaging;
using OnnxInvert.Inversion.Jobs;

namespace OnnxInvert.Cli.Verbs.Report;

/// <summary>
/// The report section of one <c>compare</c> output folder: the table of compare.json (mean MSE, MAE and PSNR with
/// their intervals, or each failed model's error), the models' loss curves in one chart, the settings, and then each
/// scored model's inversion as a <see cref="RunSection"/>.
/// </summary>
internal static class ComparisonSection
{
    /// <summary>Whether <paramref name="folder"/> is a comparison folder.</summary>
    public static bool Is(string folder) => File.Exists(Path.Combine(folder, CompareCommand.JsonFile));

    /// <summary>The section's HTML, headed <paramref name="heading"/>.</summary>
    public static string Render(string folder, string heading)
    {
        using var document = RunSection.ReadJson(Path.Combine(folder, CompareCommand.JsonFile));
        var root = document.RootElement;
        var models = root.TryGetProperty("models", out var list) && list.ValueKind == JsonValueKind.Array ? list.EnumerateArray().ToArray() : [];
        var html = new StringBuilder("<section class=\"comparison\">");
        html.Append("<h2>").Append(WebUtility.HtmlEncode(heading)).Append("</h2>");
        html.Append(HtmlTable.Render(
            ["model", "prior", "images", "MSE (± CI)", "MAE (± CI)", "PSNR dB (± CI)", "failed", "seconds", "error"],
            models.Select(Row)));

        var folders = models
            .Select(m => (Model: Text(m, "model"), Folder: Text(m, "folder")))
            .Where(m => m.Folder.Length > 0 && RunSection.Is(Path.Combine(folder, m.Folder)))
            .ToArray();
        var curves = folders.Select(m => (m.Model, RunSection.CurvePoints(Path.Combine(folder, m.Folder)))).Where(c => c.Item2.Count > 0).ToArray();
        if (curves.Length > 0)
        {
            html.Append("<figure>").Append(SvgLineChart.Render(curves, "iteration", "mean loss")).Append("<figcaption>mean loss of the batch per iteration, per model</figcaption></figure>");
        }

        if (root.TryGetProperty("settings", out var settings) && settings.ValueKind == JsonValueKind.Object)
        {
            html.Append("<details><summary>settings (compare.json)</summary>").Append(HtmlTable.Settings(settings)).Append("</details>");
        }

        foreach (var (model, modelFolder) in folders)
        {
            html.Append(RunSection.Render(Path.Combine(folder, modelFolder), model, level: 3));
        }

        return html.Append("</section>").ToString();
    }

    private static IReadOnlyList<string> Row(JsonElement model) =>
    [
        Text(model, "model"),
        Text(model, "prior"),
        Text(model, "images"),
        WithInterval(model, "mse"),
        WithInterval(model, "mae"),
        WithInterval(model, "psnr"),
        Text(model, "failed"),
        model.TryGetProperty("wall_seconds", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetDouble().ToString("F1", CultureInfo.InvariantCulture) : string.Empty,
        Text(model, "error"),
    ];

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? HtmlTable.JsonText(value) : string.Empty;

    private static string WithInterval(JsonElement model, string measure)
    {
        if (!model.TryGetProperty(measure, out var summary) || summary.ValueKind != JsonValueKind.Object)
        {
            return "-";
        }

        double mean = summary.GetProperty("mean").GetDouble();
        return summary.TryGetProperty("ci_high", out var high) && high.ValueKind == JsonValueKind.Number
            ? string.Create(CultureInfo.InvariantCulture, $"{mean:G4} ± {high.GetDouble() - mean:G2}")
            : mean.ToString("G4", CultureInfo.InvariantCulture);
    }
}
