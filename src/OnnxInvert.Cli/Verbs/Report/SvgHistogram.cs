using System.Globalization;
using System.Text;
using OnnxInvert.Cli.Verbs.Shared;

namespace OnnxInvert.Cli.Verbs.Report;

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
        var svg = SvgFrame.Open(Width, Height, $"histogram of {label}");
        if (counts.Length == 0)
        {
            return SvgFrame.Empty(svg, Width, Height, "no values");
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

        SvgFrame.Axes(
            svg,
            (Left, Top, plotWidth, plotHeight),
            ("0", most.ToString(CultureInfo.InvariantCulture)),
            (low.ToString("G3", CultureInfo.InvariantCulture), high.ToString("G3", CultureInfo.InvariantCulture)),
            string.Create(CultureInfo.InvariantCulture, $"{label} ({values.Count} images)"),
            Height - 2);
        return svg.Append("</svg>").ToString();
    }
}
