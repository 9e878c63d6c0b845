using System.Globalization;
using System.Net;
using System.Text;

namespace OnnxInvert.Cli.Commands.Report;

/// <summary>A histogram of values as inline SVG (no external references): equal-width bins between the smallest and largest value.</summary>
internal static class SvgHistogram
{
    private const int Width = 420;
    private const int Height = 200;
    private const int Left = 40;
    private const int Bottom = 30;
    private const int Top = 12;

    /// <summary>The bins' counts: Sturges' rule (⌈log2 n⌉ + 1 bins, at most 30); a single bin when every value is equal.</summary>
    public static int[] Bin(IReadOnlyList<double> values, out double low, out double high)
    {
        ArgumentNullException.ThrowIfNull(values);
        low = values.Count == 0 ? 0 : values.Min();
        high = values.Count == 0 ? 0 : values.Max();
        if (values.Count == 0)
        {
            return [];
        }

        int bins = high > low ? Math.Clamp((int)Math.Ceiling(Math.Log2(values.Count)) + 1, 1, 30) : 1;
        var counts = new int[bins];
        double width = (high - low) / bins;
        foreach (double value in values)
        {
            int bin = width > 0 ? Math.Min(bins - 1, (int)((value - low) / width)) : 0;
            counts[bin]++;
        }

        return counts;
    }

    /// <summary>The SVG element; <paramref name="label"/> names the values (e.g. "per-image MSE").</summary>
    public static string Render(IReadOnlyList<double> values, string label)
    {
        int[] counts = Bin(values, out double low, out double high);
        string title = WebUtility.HtmlEncode(label);
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg class=\"chart\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\" aria-label=\"histogram of {title}\">");
        if (counts.Length == 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Width / 2}\" y=\"{Height / 2}\" text-anchor=\"middle\">no values</text></svg>");
            return svg.ToString();
        }

        int plotWidth = Width - Left - 10;
        int plotHeight = Height - Bottom - Top;
        int most = counts.Max();
        double barWidth = (double)plotWidth / counts.Length;
        for (int b = 0; b < counts.Length; b++)
        {
            double h = plotHeight * counts[b] / (double)most;
            double x = Left + (b * barWidth);
            double binLow = low + ((high - low) * b / counts.Length);
            double binHigh = low + ((high - low) * (b + 1) / counts.Length);
            svg.Append(CultureInfo.InvariantCulture, $"<rect class=\"bar\" x=\"{x:F1}\" y=\"{Top + plotHeight - h:F1}\" width=\"{Math.Max(1, barWidth - 1):F1}\" height=\"{h:F1}\"><title>{binLow:G4} to {binHigh:G4}: {counts[b]}</title></rect>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{Left}\" y1=\"{Top + plotHeight}\" x2=\"{Left + plotWidth}\" y2=\"{Top + plotHeight}\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Top + plotHeight}\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 4}\" y=\"{Top + 4}\" text-anchor=\"end\">{most}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 4}\" y=\"{Top + plotHeight}\" text-anchor=\"end\">0</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"{Height - 14}\">{low:G3}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + plotWidth}\" y=\"{Height - 14}\" text-anchor=\"end\">{high:G3}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + (plotWidth / 2)}\" y=\"{Height - 2}\" text-anchor=\"middle\">{title} ({values.Count} images)</text>");
        svg.Append("</svg>");
        return svg.ToString();
    }
}
