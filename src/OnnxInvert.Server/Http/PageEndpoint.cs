using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace OnnxInvert.Server.Http;

/// <summary>
/// <c>GET /</c>: a self-contained page (HTML with its script and style inline, no external assets) served with a
/// Content-Security-Policy that allows only this page's own script and style (by hash) and requests to this origin.
/// </summary>
internal static class PageEndpoint
{
    private static readonly Lazy<(string Html, string Policy)> Page = new(Load);

    public static async Task Serve(HttpContext context)
    {
        var (html, policy) = Page.Value;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.ContentSecurityPolicy = policy;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
        await context.Response.WriteAsync(html, context.RequestAborted).ConfigureAwait(false);
    }

    private static (string, string) Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("OnnxInvert.Server.Page.html")
            ?? throw new InvalidOperationException("the page resource is missing from the assembly");
        using var reader = new StreamReader(stream);
        string html = reader.ReadToEnd();
        string script = Between(html, "<script>", "</script>");
        string style = Between(html, "<style>", "</style>");
        string policy = $"default-src 'none'; script-src '{Hash(script)}'; style-src '{Hash(style)}'; img-src 'self' blob: data:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'";
        return (html, policy);
    }

    private static string Between(string text, string open, string close)
    {
        int start = text.IndexOf(open, StringComparison.Ordinal) + open.Length;
        return text[start..text.IndexOf(close, start, StringComparison.Ordinal)];
    }

    private static string Hash(string text) => "sha256-" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
}
