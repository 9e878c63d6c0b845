using System.Globalization;
using System.Net;
using OnnxInvert.Cli.Verbs.Shared;

namespace OnnxInvert.Cli.Verbs.Report;

/// <summary>Curves (e.g. mean loss per iteration) as inline SVG polylines with a legend; no external references.</summary>
internal static class SvgLineChart
{
    private const int Width = 560;
    private const int Height = 240;
    private const int Left = 56;
    private const int Right = 12;
    private const int Top = 12;
    private const int Bottom = 34;
    private const int MaxPoints = 2000;

    private static readonly string[] Colors = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#17becf", "#8c564b", "#e377c2"];

    /// <summary>The SVG element for <paramref name="series"/> (name, points); the y axis is logarithmic when every value is positive.</summary>
    public static string Render(IReadOnlyList<(string Name, IReadOnlyList<(double X, double Y)> Points)> series, string xLabel, string yLabel)
    {
        ArgumentNullException.ThrowIfNull(series);
        var all = series.SelectMany(s => s.Points).ToArray();
        var svg = SvgFrame.Open(Width, Height, $"{yLabel} by {xLabel}");
        if (all.Length == 0)
        {
            return SvgFrame.Empty(svg, Width, Height, "no points");
        }

        bool log = all.All(p => p.Y > 0);
        double Scale(double y) => log ? Math.Log10(y) : y;
        double xLow = all.Min(p => p.X), xHigh = all.Max(p => p.X);
        double yLow = all.Min(p => Scale(p.Y)), yHigh = all.Max(p => Scale(p.Y));
        if (xHigh <= xLow)
        {
            xHigh = xLow + 1;
        }

        if (yHigh <= yLow)
        {
            yHigh = yLow + 1;
        }

        int plotWidth = Width - Left - Right;
        int plotHeight = Height - Top - Bottom;
        string Point((double X, double Y) p) => string.Create(
            CultureInfo.InvariantCulture,
            $"{Left + (plotWidth * (p.X - xLow) / (xHigh - xLow)):F1},{Top + (plotHeight * (1 - ((Scale(p.Y) - yLow) / (yHigh - yLow)))):F1}");

        for (int s = 0; s < series.Count; s++)
        {
            var points = series[s].Points;
            int stride = Math.Max(1, points.Count / MaxPoints);
            string path = string.Join(' ', points.Where((_, i) => i % stride == 0 || i == points.Count - 1).Select(Point));
            string color = Colors[s % Colors.Length];
            svg.Append(CultureInfo.InvariantCulture, $"<polyline class=\"curve\" fill=\"none\" stroke=\"{color}\" stroke-width=\"1.5\" points=\"{path}\"><title>{WebUtility.HtmlEncode(series[s].Name)}</title></polyline>");
            if (series.Count > 1)
            {
                int y = Top + 12 + (14 * s);
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Width - Right - 170}\" y=\"{y - 8}\" width=\"10\" height=\"3\" fill=\"{color}\"/><text x=\"{Width - Right - 156}\" y=\"{y}\" class=\"legend\">{WebUtility.HtmlEncode(Shorten(series[s].Name))}</text>");
            }
        }

        double Unscale(double v) => log ? Math.Pow(10, v) : v;
        SvgFrame.Axes(
            svg,
            (Left, Top, plotWidth, plotHeight),
            (Unscale(yLow).ToString("G3", CultureInfo.InvariantCulture), Unscale(yHigh).ToString("G3", CultureInfo.InvariantCulture)),
            (xLow.ToString("G6", CultureInfo.InvariantCulture), xHigh.ToString("G6", CultureInfo.InvariantCulture)),
            $"{xLabel}; {yLabel}{(log ? " (log scale)" : string.Empty)}",
            Height - 4);
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static string Shorten(string name) => name.Length <= 28 ? name : "…" + name[^27..];
}
