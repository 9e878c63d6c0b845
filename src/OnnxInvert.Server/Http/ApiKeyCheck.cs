using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace OnnxInvert.Server.Http;

/// <summary>
/// With API keys configured, every <c>/v1</c>, <c>/v2/models</c> and <c>/metrics</c> request needs
/// <c>Authorization: Bearer KEY</c> (compared in constant time); health probes and the page stay open.
/// </summary>
internal static class ApiKeyCheck
{
    public static bool Protects(PathString path) =>
        path.StartsWithSegments("/v1") || path.StartsWithSegments("/v2/models") || path.StartsWithSegments("/metrics");

    public static bool Allows(HttpRequest request, ISet<string> keys)
    {
        if (keys.Count == 0)
        {
            return true;
        }

        string? header = request.Headers.Authorization.FirstOrDefault();
        if (header is null || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        byte[] given = Encoding.UTF8.GetBytes(header[7..].Trim());
        bool match = false;
        foreach (string key in keys)
        {
            match |= CryptographicOperations.FixedTimeEquals(given, Encoding.UTF8.GetBytes(key));
        }

        return match;
    }
}
