using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Realtime.EngineIO.Transports;

/// <summary>
/// Which browser pages may talk to the server: its own origin and the configured ones. Browsers send cookies with
/// WebSocket handshakes and cross-site requests whatever CORS says, so without this check any page could open a
/// session in the user's name (cross-site WebSocket hijacking). Requests without an Origin (non-browser clients)
/// are not affected.
/// </summary>
internal sealed class OriginPolicy(EngineIOOptions options)
{
    private readonly HashSet<string> _configured = new(options.CorsOrigins, StringComparer.OrdinalIgnoreCase);

    public bool Allows(HttpRequest request) => Allows(request.Headers.Origin, request.Host);

    public bool Allows(StringValues origins, HostString host)
    {
        if (origins.Count == 0 || (origins.Count == 1 && string.IsNullOrEmpty(origins[0])))
        {
            return true;
        }

        return origins.Count == 1 && (_configured.Contains(origins[0]!) || IsSameOrigin(origins[0]!, host));
    }

    /// <summary>
    /// Same host and port as the request's Host header. The scheme is the page's: behind a proxy that terminates TLS
    /// the request arrives over http for an https page, so a Host without a port means the page scheme's default.
    /// </summary>
    private static bool IsSameOrigin(string origin, HostString host)
    {
        if (!host.HasValue || !Uri.TryCreate(origin, UriKind.Absolute, out var page)
            || page.Scheme is not ("http" or "https") || page.PathAndQuery != "/" || page.UserInfo.Length > 0)
        {
            return false;
        }

        return string.Equals(page.Host, host.Host, StringComparison.OrdinalIgnoreCase)
               && page.Port == (host.Port ?? (page.Scheme == "https" ? 443 : 80));
    }
}
