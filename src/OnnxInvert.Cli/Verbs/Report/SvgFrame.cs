using System.Globalization;
using System.Net;
using System.Text;
using OnnxInvert.Cli.Verbs.Shared;

namespace OnnxInvert.Cli.Verbs.Report;

/// <summary>The parts every inline SVG chart of the report shares: the element, the empty-chart message, and the axes.</summary>
internal static class SvgFrame
{
    /// <summary>Starts an <c>svg.chart</c> element of the given size, described by <paramref name="ariaLabel"/> (encoded here).</summary>
    public static StringBuilder Open(int width, int height, string ariaLabel) => new StringBuilder().Append(
        CultureInfo.InvariantCulture,
        $"<svg class=\"chart\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{WebUtility.HtmlEncode(ariaLabel)}\">");

    /// <summary>Closes <paramref name="svg"/> with <paramref name="message"/> centred, for a chart without data.</summary>
    public static string Empty(StringBuilder svg, int width, int height, string message) => svg.Append(
        CultureInfo.InvariantCulture,
        $"<text x=\"{width / 2}\" y=\"{height / 2}\" text-anchor=\"middle\">{WebUtility.HtmlEncode(message)}</text></svg>").ToString();

    /// <summary>
    /// Draws the x and y axes of the <paramref name="plot"/> area (top-left corner and size) with the labels of their
    /// ends, and <paramref name="caption"/> centred at height <paramref name="captionY"/>; the labels are encoded here.
    /// </summary>
    public static void Axes(StringBuilder svg, (int Left, int Top, int Width, int Height) plot, (string Low, string High) y, (string Low, string High) x, string caption, int captionY)
    {
        ArgumentNullException.ThrowIfNull(svg);
        int bottom = plot.Top + plot.Height;
        int right = plot.Left + plot.Width;
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{plot.Left}\" y1=\"{bottom}\" x2=\"{right}\" y2=\"{bottom}\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<line class=\"axis\" x1=\"{plot.Left}\" y1=\"{plot.Top}\" x2=\"{plot.Left}\" y2=\"{bottom}\"/>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{plot.Left - 4}\" y=\"{plot.Top + 8}\" text-anchor=\"end\">{WebUtility.HtmlEncode(y.High)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{plot.Left - 4}\" y=\"{bottom}\" text-anchor=\"end\">{WebUtility.HtmlEncode(y.Low)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{plot.Left}\" y=\"{bottom + 14}\">{WebUtility.HtmlEncode(x.Low)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{right}\" y=\"{bottom + 14}\" text-anchor=\"end\">{WebUtility.HtmlEncode(x.High)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{plot.Left + (plot.Width / 2)}\" y=\"{captionY}\" text-anchor=\"middle\">{WebUtility.HtmlEncode(caption)}</text>");
    }
}
