using Microsoft.AspNetCore.Http;

namespace Realtime.EngineIO;

/// <summary>Copies what a session keeps of its handshake request (the request object itself is recycled).</summary>
internal static class EngineHandshakeFactory
{
    public static EngineHandshake From(HttpContext context)
    {
        var request = context.Request;
        var headers = new Dictionary<string, string>(request.Headers.Count, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in request.Headers)
        {
            headers[name.ToLowerInvariant()] = values.ToString();
        }

        var query = new Dictionary<string, string>(request.Query.Count, StringComparer.Ordinal);
        foreach (var (name, values) in request.Query)
        {
            query[name] = values.ToString();
        }

        return new EngineHandshake(headers, query, context.Connection.RemoteIpAddress,
            $"{request.PathBase}{request.Path}{request.QueryString}", request.IsHttps, DateTimeOffset.UtcNow);
    }
}
