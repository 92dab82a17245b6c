using Microsoft.AspNetCore.Http;

namespace Realtime.EngineIO;

/// <summary>Copies what a session keeps of its handshake request (the request object itself is recycled).</summary>
internal static class EngineHandshakeFactory
{
    public static EngineHandshake From(HttpContext context)
    {
        var request = context.Request;
        var headers = new HandshakeValues(request.Headers.Count,
            request.Headers.Select(header => KeyValuePair.Create(LowerCaseHeaderNames.Of(header.Key), header.Value.ToString())),
            StringComparer.OrdinalIgnoreCase);
        var query = new HandshakeValues(request.Query.Count,
            request.Query.Select(parameter => KeyValuePair.Create(parameter.Key, parameter.Value.ToString())),
            StringComparer.Ordinal);

        return new EngineHandshake(headers, query, context.Connection.RemoteIpAddress,
            $"{request.PathBase}{request.Path}{request.QueryString}", request.IsHttps, DateTimeOffset.UtcNow);
    }
}
