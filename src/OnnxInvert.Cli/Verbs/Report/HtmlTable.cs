using System.Net;
using System.Text;
using OnnxInvert.Cli.Verbs.Shared;

namespace OnnxInvert.Cli.Verbs.Report;

/// <summary>HTML tables with every cell encoded.</summary>
internal static class HtmlTable
{
    /// <summary>A table with a header row and one row per entry of <paramref name="rows"/>.</summary>
    public static string Render(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, string cssClass = "figures")
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        var html = new StringBuilder($"<table class=\"{cssClass}\"><thead><tr>");
        foreach (string cell in header)
        {
            html.Append("<th>").Append(WebUtility.HtmlEncode(cell)).Append("</th>");
        }

        html.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            html.Append("<tr>");
            foreach (string cell in row)
            {
                html.Append("<td>").Append(WebUtility.HtmlEncode(cell)).Append("</td>");
            }

            html.Append("</tr>");
        }

        return html.Append("</tbody></table>").ToString();
    }

    /// <summary>A two-column setting | value table of a JSON object's members (arrays joined with ", ", null as "-").</summary>
    public static string Settings(System.Text.Json.JsonElement settings) => Render(
        ["setting", "value"],
        settings.EnumerateObject().Select(p => (IReadOnlyList<string>)[p.Name, JsonText(p.Value)]),
        "settings");

    /// <summary>A JSON value as plain text.</summary>
    public static string JsonText(System.Text.Json.JsonElement value) => value.ValueKind switch
    {
        System.Text.Json.JsonValueKind.Null or System.Text.Json.JsonValueKind.Undefined => "-",
        System.Text.Json.JsonValueKind.String => value.GetString() ?? string.Empty,
        System.Text.Json.JsonValueKind.Array => string.Join(", ", value.EnumerateArray().Select(JsonText)),
        _ => value.GetRawText(),
    };
}
