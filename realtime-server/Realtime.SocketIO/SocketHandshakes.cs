using System.Globalization;
using System.Text.Json;
using Realtime.EngineIO;

namespace Realtime.SocketIO;

/// <summary>Builds a socket's handshake from its Engine.IO connection and the CONNECT auth payload, at the time the socket connects.</summary>
internal static class SocketHandshakes
{
    public static SocketHandshake From(EngineConnection connection, JsonElement auth)
    {
        var engine = connection.Handshake;
        var now = DateTimeOffset.UtcNow;
        return new SocketHandshake
        {
            Headers = engine.Headers,
            Query = engine.Query,
            Address = engine.RemoteAddress?.ToString() ?? "",
            Time = now.ToString("R", CultureInfo.InvariantCulture),
            Issued = now.ToUnixTimeMilliseconds(),
            Url = engine.Url,
            Secure = engine.Secure,
            XDomain = engine.Headers.ContainsKey("origin"),
            Auth = auth,
        };
    }
}
