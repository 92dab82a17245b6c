using System.Net;
using System.Net.Sockets;
using System.Text;
using Realtime.Testing;
using Realtime.EngineIO.Tests.Support;
using Realtime.EngineIO.Tests.WebSockets;

namespace Realtime.EngineIO.Tests.Lean;

/// <summary>The lean path over a real Kestrel: who answers the upgrade, and that everything else still reaches Kestrel.</summary>
public class LeanPathTests
{
    private const string Key = "dGhlIHNhbXBsZSBub25jZQ==";

    [Theory]
    [ClassData(typeof(WebSocketPaths))]
    public async Task The_upgrade_is_answered_by_the_configured_path_with_the_same_session_cookie(EngineWebSocketPath path)
    {
        await using var server = await EngineTestServer.StartAsync(path, o => o.CookieName = "io");
        using var socket = await ConnectAsync(server.BaseUri);
        await socket.SendAsync(Encoding.ASCII.GetBytes(UpgradeHead(server.BaseUri, "EIO=4&transport=websocket")));

        var head = await HttpHead.ReadAsync(socket);

        Assert.StartsWith("HTTP/1.1 101 Switching Protocols\r\n", head, StringComparison.Ordinal);
        Assert.Contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n", head, StringComparison.OrdinalIgnoreCase);
        var sid = Assert.Single(server.Engine.Connections).Id;
        Assert.Contains($"Set-Cookie: io={sid}; path=/; samesite=lax; httponly\r\n", head, StringComparison.OrdinalIgnoreCase);
        // Kestrel dates every response it writes; the lean path writes its 101 itself.
        Assert.Equal(path == EngineWebSocketPath.AspNetCore, head.Contains("\r\nDate: ", StringComparison.Ordinal));
    }

    [Theory]
    [ClassData(typeof(WebSocketPaths))]
    public async Task A_session_keeps_the_same_handshake_on_either_path(EngineWebSocketPath path)
    {
        await using var server = await EngineTestServer.StartAsync(path);
        var (socket, sid) = await WebSocketText.ConnectAsync(server.WebSocketUri("EIO=4&transport=websocket&token=a%20b"));
        using (socket)
        {
            var handshake = (await server.Handler.OpenedAsync(sid)).Handshake;

            Assert.Equal("/socket.io/?EIO=4&transport=websocket&token=a%20b", handshake.Url);
            Assert.Equal("a b", handshake.Query["token"]);
            Assert.Equal(server.BaseUri.Authority, handshake.Headers["host"]);
            Assert.Equal("13", handshake.Headers["Sec-WebSocket-Version"]);
            Assert.True(IPAddress.IsLoopback(handshake.RemoteAddress!));
            Assert.False(handshake.Secure);
        }
    }

    [Fact]
    public async Task A_polling_request_arriving_a_byte_at_a_time_still_reaches_kestrel()
    {
        await using var server = await EngineTestServer.StartAsync(EngineWebSocketPath.Lean);
        using var socket = await ConnectAsync(server.BaseUri);
        var request = $"GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: {server.BaseUri.Authority}\r\nConnection: close\r\n\r\n";
        foreach (var b in Encoding.ASCII.GetBytes(request))
        {
            await socket.SendAsync(new[] { b });
        }

        var response = await ReadToEndAsync(socket);

        Assert.StartsWith("HTTP/1.1 200 OK", response, StringComparison.Ordinal);
        Assert.Contains("\"sid\":", response, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_connection_that_sends_nothing_is_left_to_kestrel_and_a_later_request_is_answered()
    {
        await using var server = await EngineTestServer.StartAsync(configureKestrel: kestrel =>
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromMilliseconds(300));
        using var socket = await ConnectAsync(server.BaseUri);
        // What is awaited is the lean path's head timeout itself (nothing observable marks the hand-over to Kestrel,
        // whose keep-alive wait is minutes); a loaded machine only makes the wait longer than the timeout, never shorter.
        await Task.Delay(TimeSpan.FromSeconds(1));
        await socket.SendAsync(Encoding.ASCII.GetBytes(
            $"GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\nHost: {server.BaseUri.Authority}\r\nConnection: close\r\n\r\n"));

        Assert.StartsWith("HTTP/1.1 200 OK", await ReadToEndAsync(socket), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_head_that_stops_halfway_gets_408_after_the_request_headers_timeout()
    {
        await using var server = await EngineTestServer.StartAsync(configureKestrel: kestrel =>
            kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(1));
        using var socket = await ConnectAsync(server.BaseUri);
        await socket.SendAsync(Encoding.ASCII.GetBytes("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: a\r\n"));

        Assert.StartsWith("HTTP/1.1 408 Request Timeout\r\n", await ReadToEndAsync(socket), StringComparison.Ordinal);
    }

    private static string UpgradeHead(Uri baseUri, string query) =>
        $"GET /socket.io/?{query} HTTP/1.1\r\nHost: {baseUri.Authority}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n" +
        $"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: {Key}\r\n\r\n";

    private static async Task<Socket> ConnectAsync(Uri baseUri)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(baseUri.Host, baseUri.Port);
        return socket;
    }

    private static async Task<string> ReadToEndAsync(Socket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var response = new MemoryStream();
        var buffer = new byte[4096];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, timeout.Token)) > 0)
        {
            response.Write(buffer, 0, read);
        }

        return Encoding.ASCII.GetString(response.ToArray());
    }
}
