using System.Net.Sockets;
using System.Text;
using Realtime.Testing;

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

        var head = await UpgradeAsync(server.Url.Port);

        Assert.StartsWith("HTTP/1.1 101 ", head, StringComparison.Ordinal);
        // Kestrel's HTTP server dates and stamps every response through the app's middleware; the lean path's 101 is
        // written beneath it.
        Assert.Equal(answeredByKestrelsHttpServer, head.Contains("\r\nDate: ", StringComparison.Ordinal));
        Assert.Equal(answeredByKestrelsHttpServer, head.Contains("\r\nX-Realtime-Pod: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Endpoints_from_the_urls_argument_take_the_lean_path_when_it_is_chosen()
    {
        var port = Realtime.Testing.FreePort.Next();
        await using var server = await InProcessServer.StartAsync(new Dictionary<string, string?> { ["WEBSOCKET_PATH"] = "lean" }, args: ["--urls", $"http://127.0.0.1:{port}"]);

        var head = await UpgradeAsync(port);

        Assert.StartsWith("HTTP/1.1 101 ", head, StringComparison.Ordinal);
        Assert.DoesNotContain("\r\nDate: ", head, StringComparison.Ordinal);
    }

    private static async Task<string> UpgradeAsync(int port)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", port);
        await socket.SendAsync(Encoding.ASCII.GetBytes(
            $"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: Upgrade\r\n" +
            "Upgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n"));
        return await HttpHead.ReadAsync(socket);
    }
}
