using System.Net.Sockets;
using System.Text;

namespace Realtime.Server.Tests;

/// <summary><c>WEBSOCKET_PATH</c> picks who answers an upgrade on the bundled server's endpoints.</summary>
public class WebSocketPathTests
{
    [Theory]
    [InlineData(null, false)]
    [InlineData("lean", false)]
    [InlineData("aspnetcore", true)]
    public async Task The_setting_picks_the_path_that_answers_the_upgrade(string? setting, bool answeredByKestrelsHttpServer)
    {
        await using var server = await InProcessServer.StartAsync(new Dictionary<string, string?> { ["WEBSOCKET_PATH"] = setting });
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server.Url.Host, server.Url.Port);
        await socket.SendAsync(Encoding.ASCII.GetBytes(
            $"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: {server.Url.Authority}\r\nConnection: Upgrade\r\n" +
            "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"));

        var head = await ReadHeadAsync(socket);

        Assert.StartsWith("HTTP/1.1 101 ", head, StringComparison.Ordinal);
        // Kestrel's HTTP server dates and stamps every response through the app's middleware; the lean path's 101 is
        // written beneath it.
        Assert.Equal(answeredByKestrelsHttpServer, head.Contains("\r\nDate: ", StringComparison.Ordinal));
        Assert.Equal(answeredByKestrelsHttpServer, head.Contains("\r\nX-Realtime-Pod: ", StringComparison.Ordinal));
    }

    private static async Task<string> ReadHeadAsync(Socket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var head = new StringBuilder();
        var buffer = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) &&
               await socket.ReceiveAsync(buffer, timeout.Token) == 1)
        {
            head.Append((char)buffer[0]);
        }

        return head.ToString();
    }
}
