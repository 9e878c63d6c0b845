using System.Net;
using System.Text;
using OnnxInvert.Cli.Verbs.Shared;

namespace OnnxInvert.Cli.Verbs.Report;

/// <summary>
/// The self-contained HTML page of <c>onnxinvert report</c>: inline CSS, images as data URIs, charts as inline SVG,
/// and a content security policy that forbids loading anything from elsewhere. A small inline script marks the body
/// once the page has loaded: <c>data-rendered="ok"</c> when every image decoded (else <c>"broken"</c>), with
/// <c>data-images</c> the number of images, and <c>data-script-error</c> on any script error — for automated checks.
/// </summary>
internal static class ReportPage
{
    private const string Style = """
        body { font-family: system-ui, sans-serif; margin: 1.5rem auto; max-width: 72rem; padding: 0 1rem; color: #222; }
        h1 { font-size: 1.6rem; } h2 { font-size: 1.3rem; border-bottom: 1px solid #ccc; padding-bottom: .2rem; } h3 { font-size: 1.1rem; }
        .meta, .note, figcaption { color: #666; font-size: .85rem; }
        .headline { font-weight: 600; }
        .panels { display: flex; flex-wrap: wrap; gap: 1.5rem; align-items: flex-start; }
        figure { margin: 0; }
        img.pairs { image-rendering: pixelated; width: 360px; max-width: 100%; border: 1px solid #ddd; }
        table { border-collapse: collapse; font-size: .85rem; margin: .5rem 0; }
        th, td { border: 1px solid #ddd; padding: .2rem .5rem; text-align: left; }
        table.figures td { font-variant-numeric: tabular-nums; }
        svg.chart { background: #fafafa; border: 1px solid #ddd; font-size: 10px; }
        svg .bar { fill: #4e79a7; } svg .axis { stroke: #444; stroke-width: 1; } svg text { fill: #333; }
        section.run { margin-bottom: 2rem; }
        """;

    private const string Script = """
        window.addEventListener('error', function (e) { document.body.setAttribute('data-script-error', String(e.message || e.type)); }, true);
        window.addEventListener('load', function () {
          var images = Array.prototype.slice.call(document.images);
          var ok = images.every(function (i) { return i.complete && i.naturalWidth > 0; });
          document.body.setAttribute('data-images', String(images.length));
          document.body.setAttribute('data-rendered', ok ? 'ok' : 'broken');
        });
        """;

    /// <summary>The page titled <paramref name="title"/> holding <paramref name="sections"/> (HTML fragments).</summary>
    public static string Render(string title, IEnumerable<string> sections, string generator)
    {
        ArgumentNullException.ThrowIfNull(sections);
        string encoded = WebUtility.HtmlEncode(title);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'\">");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append("<title>").Append(encoded).Append("</title><style>").Append(Style).Append("</style></head>\n<body>");
        html.Append("<h1>").Append(encoded).Append("</h1>");
        html.Append("<p class=\"meta\">").Append(WebUtility.HtmlEncode(generator)).Append("</p>\n");
        foreach (string section in sections)
        {
            html.Append(section).Append('\n');
        }

        html.Append("<script>").Append(Script).Append("</script>\n</body></html>\n");
        return html.ToString();
    }
}
