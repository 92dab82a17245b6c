using System.Net;
using Microsoft.AspNetCore.Http;
using Realtime.EngineIO.Transports.Lean;

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

    /// <summary>The same, from a request head the lean WebSocket path read itself (never over TLS).</summary>
    public static EngineHandshake From(UpgradeRequestHead head, IPAddress? remoteAddress)
    {
        var combined = UpgradeRequestHead.Combine(head.Headers);
        var headers = new HandshakeValues(combined.Count,
            combined.Select(header => KeyValuePair.Create(LowerCaseHeaderNames.Of(header.Key), header.Value)),
            StringComparer.OrdinalIgnoreCase);
        var query = new HandshakeValues(head.Query.Count,
            head.Query.Select(parameter => KeyValuePair.Create(parameter.Key, parameter.Value.ToString())),
            StringComparer.Ordinal);
        return new EngineHandshake(headers, query, remoteAddress, head.Target, secure: false, DateTimeOffset.UtcNow);
    }
}
