using System.Net.WebSockets;
using System.Text;

namespace Realtime.EngineIO.Tests.WebSockets;

/// <summary>Small helpers to send and receive whole messages on a ClientWebSocket.</summary>
public static class WebSocketText
{
    public static Task SendAsync(WebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    public static async Task<string> ReceiveAsync(WebSocket socket)
    {
        var (type, data) = await ReceiveMessageAsync(socket);
        Assert.Equal(WebSocketMessageType.Text, type);
        return Encoding.UTF8.GetString(data);
    }

    public static async Task<(WebSocketMessageType Type, byte[] Data)> ReceiveMessageAsync(WebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var stream = new MemoryStream();
        var buffer = new byte[8192];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return (WebSocketMessageType.Close, []);
            }

            stream.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                return (result.MessageType, stream.ToArray());
            }
        }
    }

    /// <summary>Reads until the server's close frame arrives, skipping the messages before it.</summary>
    public static async Task<WebSocketCloseStatus?> ReceiveCloseAsync(WebSocket socket)
    {
        while (true)
        {
            var (type, _) = await ReceiveMessageAsync(socket);
            if (type == WebSocketMessageType.Close)
            {
                return socket.CloseStatus;
            }
        }
    }

    public static async Task<(ClientWebSocket Socket, string Sid)> ConnectAsync(Uri uri)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(uri, CancellationToken.None);
        var open = await ReceiveAsync(socket);
        Assert.StartsWith("0{", open, StringComparison.Ordinal);
        var sid = System.Text.Json.JsonDocument.Parse(open[1..]).RootElement.GetProperty("sid").GetString()!;
        return (socket, sid);
    }
}
