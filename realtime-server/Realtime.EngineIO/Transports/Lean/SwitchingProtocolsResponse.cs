using System.Security.Cryptography;
using System.Text;

namespace Realtime.EngineIO.Transports.Lean;

/// <summary>The server's opening handshake, RFC 6455 section 4.2.2: 101 with the key's SHA-1 proof.</summary>
internal static class SwitchingProtocolsResponse
{
    private const string KeyGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    public static string AcceptFor(string webSocketKey) =>
        Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(webSocketKey + KeyGuid)));

    public static byte[] Create(string webSocketKey, string? setCookie)
    {
        var response = new StringBuilder(192)
            .Append("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Accept: ")
            .Append(AcceptFor(webSocketKey))
            .Append("\r\n");
        if (setCookie is not null)
        {
            response.Append("Set-Cookie: ").Append(setCookie).Append("\r\n");
        }

        return Encoding.ASCII.GetBytes(response.Append("\r\n").ToString());
    }
}
