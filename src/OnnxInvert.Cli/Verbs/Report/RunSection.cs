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
/// The report section of one <c>invert</c> output folder (or one model of a comparison): headline figures and every
/// setting from summary.json, the target | reconstruction grid (pairs.png, embedded), a histogram of the per-image
/// MSE (metrics.csv) and the loss curve (curve.csv, when present).
/// </summary>
internal static class RunSection
{
    /// <summary>The file that marks an inversion folder.</summary>
    public const string SummaryFile = RunFolder.SummaryFile;

    /// <summary>Whether <paramref name="folder"/> is an inversion folder.</summary>
    public static bool Is(string folder) => File.Exists(Path.Combine(folder, SummaryFile));

    /// <summary>The section's HTML; <paramref name="heading"/> names it, at heading level <paramref name="level"/>.</summary>
    /// <exception cref="FormatException">summary.json or metrics.csv is unreadable.</exception>
    public static string Render(string folder, string heading, int level = 2)
    {
        using var summary = ReadJson(Path.Combine(folder, SummaryFile));
        var root = summary.RootElement;
        double[] mse = PerImage(Path.Combine(folder, RunFolder.MetricsFile), "mse");
        var html = new StringBuilder("<section class=\"run\">");
        html.Append(CultureInfo.InvariantCulture, $"<h{level}>{WebUtility.HtmlEncode(heading)}</h{level}>");
        html.Append("<p class=\"headline\">").Append(WebUtility.HtmlEncode(Headline(root))).Append("</p>");
        html.Append("<div class=\"panels\">");
        html.Append(Figure(PairsImage(folder), "target | reconstruction"));
        html.Append(Figure(SvgHistogram.Render(mse, "per-image MSE"), "per-image reconstruction error"));
        html.Append(Figure(Curve(folder), "mean loss of the batch per iteration"));
        html.Append("</div>");
        html.Append("<details><summary>settings (summary.json)</summary>").Append(HtmlTable.Settings(root)).Append("</details>");
        return html.Append("</section>").ToString();
    }

    /// <summary>Reads a JSON file, naming it when it is not JSON.</summary>
    public static JsonDocument ReadJson(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException ex)
        {
            throw new FormatException($"{path}: not valid JSON ({ex.Message})", ex);
        }
    }

    /// <summary>The points of the folder's curve.csv, or empty when it has none.</summary>
    public static IReadOnlyList<(double X, double Y)> CurvePoints(string folder)
    {
        string path = Path.Combine(folder, LossCurve.FileName);
        return File.Exists(path) ? LossCurve.Read(path) : [];
    }

    private static string Curve(string folder)
    {
        var points = CurvePoints(folder);
        return points.Count == 0
            ? "<p class=\"note\">no curve.csv in this folder</p>"
            : SvgLineChart.Render([("mean loss", points)], "iteration", "mean loss");
    }

    private static string Figure(string content, string caption) =>
        $"<figure>{content}<figcaption>{WebUtility.HtmlEncode(caption)}</figcaption></figure>";

    private static string PairsImage(string folder)
    {
        string path = Path.Combine(folder, RunFolder.PairsFile);
        if (!File.Exists(path))
        {
            return $"<p class=\"note\">no {RunFolder.PairsFile} in this folder</p>";
        }

        string data = Convert.ToBase64String(File.ReadAllBytes(path));
        return $"<img class=\"pairs\" alt=\"target | reconstruction pairs\" src=\"data:image/png;base64,{data}\">";
    }

    private static string Headline(JsonElement root)
    {
        string Value(string name, string format) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number
            ? v.GetDouble().ToString(format, CultureInfo.InvariantCulture)
            : "-";

        return $"{Value("images", "G")} images, mean MSE {Value("mean_mse", "G4")}, mean MAE {Value("mean_mae", "G4")}, mean PSNR {Value("mean_psnr", "F2")} dB, {Value("failed", "G")} failed, {Value("wall_seconds", "F1")} s";
    }

    /// <summary>A numeric column of a CSV written by invert (finite values only).</summary>
    internal static double[] PerImage(string path, string column)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        var records = Csv.Records(File.ReadAllText(path));
        int index = records.Count == 0 ? -1 : records[0].ToList().IndexOf(column);
        if (index < 0)
        {
            throw new FormatException($"{path}: no '{column}' column");
        }

        return [.. records.Skip(1)
            .Select(f => f.Count > index && double.TryParse(f[index], NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : double.NaN)
            .Where(double.IsFinite)];
    }
}
