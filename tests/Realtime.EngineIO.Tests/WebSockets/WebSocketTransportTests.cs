using System.Net;
using System.Net.WebSockets;
using System.Text;
using Realtime.EngineIO.Tests.Support;

namespace Realtime.EngineIO.Tests.WebSockets;

public class WebSocketTransportTests
{
    [Theory]
    [ClassData(typeof(WebSocketPaths))]
    public async Task Direct_websocket_opens_with_no_upgrades_and_echoes_text_and_binary(EngineWebSocketPath path)
    {
        await using var server = await EngineTestServer.StartAsync(path);
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(server.WebSocketUri("EIO=4&transport=websocket"), CancellationToken.None);

        var open = await WebSocketText.ReceiveAsync(socket);
        await WebSocketText.SendAsync(socket, "4héllo");
        await socket.SendAsync(new byte[] { 1, 2, 3 }, WebSocketMessageType.Binary, true, CancellationToken.None);

        Assert.Matches("^0\\{\"sid\":\"[A-Za-z0-9_-]{20}\",\"upgrades\":\\[\\],\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000\\}$", open);
        Assert.Equal("4héllo", await WebSocketText.ReceiveAsync(socket));
        var (type, data) = await WebSocketText.ReceiveMessageAsync(socket);
        Assert.Equal(WebSocketMessageType.Binary, type);
        Assert.Equal(new byte[] { 1, 2, 3 }, data);
        Assert.Equal(EngineTransportNames.WebSocket,
            (await server.Handler.OpenedAsync(open[9..29])).Transport);
    }

    [Theory]
    [ClassData(typeof(WebSocketPaths))]
    public async Task Bursts_of_small_and_large_messages_arrive_whole_and_in_order(EngineWebSocketPath path)
    {
        await using var server = await EngineTestServer.StartAsync(path);
        var (socket, sid) = await WebSocketText.ConnectAsync(server.WebSocketUri("EIO=4&transport=websocket"));
        using (socket)
        {
            var connection = await server.Handler.OpenedAsync(sid);
            var large = Enumerable.Range(0, 70_000).Select(i => (byte)i).ToArray();
            for (var i = 0; i < 50; i++)
            {
                connection.Send(i % 10 == 9 ? EngineMessage.Binary(large) : EngineMessage.Text($"small {i}"));
            }

            for (var i = 0; i < 50; i++)
            {
                var (type, data) = await WebSocketText.ReceiveMessageAsync(socket);
                if (i % 10 == 9)
                {
                    Assert.Equal(WebSocketMessageType.Binary, type);
                    Assert.Equal(large, data);
                }
                else
                {
                    Assert.Equal($"4small {i}", Encoding.UTF8.GetString(data));
                }
            }
        }
    }

    [Theory]
    [ClassData(typeof(WebSocketPaths))]
    public async Task Server_pings_over_websocket_and_pong_keeps_it_alive(EngineWebSocketPath path)
    {
        await using var server = await EngineTestServer.StartAsync(path, o =>
        {
            o.PingInterval = TimeSpan.FromMilliseconds(100);
            o.PingTimeout = TimeSpan.FromMilliseconds(300);
        });
        var (socket, sid) = await WebSocketText.ConnectAsync(server.WebSocketUri("EIO=4&transport=websocket"));
        using (socket)
        {
            for (var i = 0; i < 5; i++)
            {
                Assert.Equal("2", await WebSocketText.ReceiveAsync(socket));
                await WebSocketText.SendAsync(socket, "3");
            }

            Assert.False(server.Handler.IsClosed(sid));
            Assert.Equal("2", await WebSocketText.ReceiveAsync(socket));
            Assert.Equal(EngineCloseReasons.PingTimeout, await server.Handler.ClosedAsync(sid));
        }
    }

    [Theory]
    [ClassData(typeof(WebSocketPaths))]
    public async Task Oversize_frame_closes_with_1009(EngineWebSocketPath path)
    {
        await using var server = await EngineTestServer.StartAsync(path, o => o.MaxHttpBufferSize = 1000);
        var (socket, sid) = await WebSocketText.ConnectAsync(server.WebSocketUri("EIO=4&transport=websocket"));
        using (socket)
        {
            await WebSocketText.SendAsync(socket, "4" + new string('x', 999));
            Assert.Equal(1000, (await WebSocketText.ReceiveAsync(socket)).Length);

            await WebSocketText.SendAsync(socket, "4" + new string('x', 1000));

            Assert.Equal(WebSocketCloseStatus.MessageTooBig, await WebSocketText.ReceiveCloseAsync(socket));
            Assert.Equal(EngineCloseReasons.TransportError, await server.Handler.ClosedAsync(sid));
        }
    }

    [Theory]
    [ClassData(typeof(WebSocketPaths))]
    public async Task Oversize_fragmented_message_closes_with_1009(EngineWebSocketPath path)
    {
        await using var server = await EngineTestServer.StartAsync(path, o => o.MaxHttpBufferSize = 10_000);
        var (socket, sid) = await WebSocketText.ConnectAsync(server.WebSocketUri("EIO=4&transport=websocket"));
        using (socket)
        {
            var chunk = new byte[4000];
            for (var i = 0; i < 3; i++)
            {
                await socket.SendAsync(chunk, WebSocketMessageType.Binary, endOfMessage: false, CancellationToken.None);
            }

            Assert.Equal(WebSocketCloseStatus.MessageTooBig, await WebSocketText.ReceiveCloseAsync(socket));
            Assert.Equal(EngineCloseReasons.TransportError, await server.Handler.ClosedAsync(sid));
        }
    }

    [Theory]
    [ClassData(typeof(WebSocketPaths))]
    public async Task Client_close_frame_closes_the_session_with_transport_close(EngineWebSocketPath path)
    {
        await using var server = await EngineTestServer.StartAsync(path);
        var (socket, sid) = await WebSocketText.ConnectAsync(server.WebSocketUri("EIO=4&transport=websocket"));
        using (socket)
        {
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);

            Assert.Equal(EngineCloseReasons.TransportClose, await server.Handler.ClosedAsync(sid));
            Assert.Equal(0, server.Engine.ConnectionCount);
        }
    }

    [Theory]
    [ClassData(typeof(WebSocketPaths))]
    public async Task Server_close_sends_queued_messages_then_a_normal_close(EngineWebSocketPath path)
    {
        await using var server = await EngineTestServer.StartAsync(path);
        var (socket, sid) = await WebSocketText.ConnectAsync(server.WebSocketUri("EIO=4&transport=websocket"));
        using (socket)
        {
            var connection = await server.Handler.OpenedAsync(sid);
            connection.Send(EngineMessage.Text("goodbye"));
            connection.Close();

            Assert.Equal("4goodbye", await WebSocketText.ReceiveAsync(socket));
            Assert.Equal(WebSocketCloseStatus.NormalClosure, await WebSocketText.ReceiveCloseAsync(socket));
            Assert.Equal(EngineCloseReasons.ForcedClose, await server.Handler.ClosedAsync(sid));
        }
    }

    [Theory]
    [ClassData(typeof(WebSocketPaths))]
    public async Task Client_ping_and_garbage_packets_close_only_that_connection(EngineWebSocketPath path)
    {
        await using var server = await EngineTestServer.StartAsync(path);
        var (bad, badSid) = await WebSocketText.ConnectAsync(server.WebSocketUri("EIO=4&transport=websocket"));
        var (garbage, garbageSid) = await WebSocketText.ConnectAsync(server.WebSocketUri("EIO=4&transport=websocket"));
        var (good, _) = await WebSocketText.ConnectAsync(server.WebSocketUri("EIO=4&transport=websocket"));
        using (bad)
        using (garbage)
        using (good)
        {
            await WebSocketText.SendAsync(bad, "2");
            await WebSocketText.SendAsync(garbage, "x");

            Assert.Equal(EngineCloseReasons.TransportError, await server.Handler.ClosedAsync(badSid));
            Assert.Equal(EngineCloseReasons.ParseError, await server.Handler.ClosedAsync(garbageSid));
            await WebSocketText.SendAsync(good, "4still fine");
            Assert.Equal("4still fine", await WebSocketText.ReceiveAsync(good));
        }
    }

    [Theory]
    [InlineData("EIO=4&transport=websocket&sid=AAAAAAAAAAAAAAAAAAAA", "Session ID unknown")]
    [InlineData("EIO=3&transport=websocket", "Unsupported protocol version")]
    [InlineData("EIO=4&transport=polling", "Bad request")]
    [InlineData("EIO=4&transport=nope", "Transport unknown")]
    public async Task Rejected_upgrades_are_400_text_html_with_the_message(string query, string message)
    {
        await using var server = await EngineTestServer.StartAsync();
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;

        await Assert.ThrowsAsync<WebSocketException>(() =>
            socket.ConnectAsync(server.WebSocketUri(query), CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, socket.HttpStatusCode);
        Assert.Equal(message, await ReadRejectionBodyAsync(server, query));
    }

    [Theory]
    [ClassData(typeof(WebSocketPaths))]
    public async Task AllowRequest_rejection_of_a_websocket_is_400_with_its_message(EngineWebSocketPath path)
    {
        await using var server = await EngineTestServer.StartAsync(path, o =>
            o.AllowRequest = _ => ValueTask.FromResult<string?>("Not today"));

        Assert.Equal("Not today", await ReadRejectionBodyAsync(server, "EIO=4&transport=websocket"));
    }

    /// <summary>ClientWebSocket hides the body of a refused upgrade, so the upgrade request is sent by hand.</summary>
    private static async Task<string> ReadRejectionBodyAsync(EngineTestServer server, string query)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/socket.io/?{query}");
        request.Headers.Connection.Add("Upgrade");
        request.Headers.Upgrade.Add(new System.Net.Http.Headers.ProductHeaderValue("websocket"));
        request.Headers.Add("Sec-WebSocket-Version", "13");
        request.Headers.Add("Sec-WebSocket-Key", Convert.ToBase64String(Encoding.ASCII.GetBytes("0123456789abcdef")));
        using var response = await server.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(response.Headers.ConnectionClose);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }
}
