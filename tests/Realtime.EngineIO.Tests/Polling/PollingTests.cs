using System.Net;
using System.Text;
using Realtime.EngineIO.Tests.Support;

namespace Realtime.EngineIO.Tests.Polling;

public class PollingTests
{
    [Fact]
    public async Task Posted_packets_are_acknowledged_with_ok_and_echoed_in_one_poll()
    {
        await using var server = await EngineTestServer.StartAsync();
        var client = await PollingClient.ConnectAsync(server.Http);

        using var post = await client.PostRawAsync("4hello\u001e4wörld");

        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal("text/html", post.Content.Headers.ContentType?.MediaType);
        Assert.Equal("ok", await post.Content.ReadAsStringAsync());
        Assert.Equal("4hello\u001e4wörld", await client.GetAsync());
    }

    [Fact]
    public async Task Binary_travels_as_b_base64()
    {
        await using var server = await EngineTestServer.StartAsync();
        var client = await PollingClient.ConnectAsync(server.Http);

        await client.PostAsync("bAQIDBA==\u001e4text");

        Assert.Equal("bAQIDBA==\u001e4text", await client.GetAsync());
    }

    [Fact]
    public async Task A_pending_poll_is_answered_when_a_message_is_sent()
    {
        await using var server = await EngineTestServer.StartAsync();
        var client = await PollingClient.ConnectAsync(server.Http);
        var connection = await server.Handler.OpenedAsync(client.Sid);

        var poll = client.GetAsync();
        await Eventually.TrueAsync(() => connection.HasPendingPoll, TimeSpan.FromSeconds(5), "poll is pending");
        Assert.True(connection.Send(EngineMessage.Text("pushed")));

        Assert.Equal("4pushed", await poll.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_poll_batch_stays_within_max_payload()
    {
        await using var server = await EngineTestServer.StartAsync(o => o.MaxHttpBufferSize = 100);
        var client = await PollingClient.ConnectAsync(server.Http);
        var connection = await server.Handler.OpenedAsync(client.Sid);
        var text = new string('x', 39);
        for (var i = 0; i < 5; i++)
        {
            connection.Send(EngineMessage.Text(text));
        }

        var received = new List<string>();
        while (received.Count < 5)
        {
            var payload = await client.GetAsync();
            Assert.True(Encoding.UTF8.GetByteCount(payload) <= 100, $"payload of {payload.Length} bytes");
            received.AddRange(payload.Split('\u001e'));
        }

        Assert.All(received, packet => Assert.Equal("4" + text, packet));
    }

    [Fact]
    public async Task A_message_larger_than_max_payload_still_goes_out_alone()
    {
        await using var server = await EngineTestServer.StartAsync(o => o.MaxHttpBufferSize = 10);
        var client = await PollingClient.ConnectAsync(server.Http);
        var connection = await server.Handler.OpenedAsync(client.Sid);
        connection.Send(EngineMessage.Text("a fairly long message"));
        connection.Send(EngineMessage.Text("next"));

        Assert.Equal("4a fairly long message", await client.GetAsync());
        Assert.Equal("4next", await client.GetAsync());
    }

    [Fact]
    public async Task Client_close_packet_closes_the_session()
    {
        await using var server = await EngineTestServer.StartAsync();
        var client = await PollingClient.ConnectAsync(server.Http);

        await client.PostAsync("1");

        Assert.Equal(EngineCloseReasons.TransportClose, await server.Handler.ClosedAsync(client.Sid));
        using var after = await client.PostRawAsync("4too late");
        await ErrorAssert.IsAsync(after, HttpStatusCode.BadRequest, 1, "Session ID unknown");
    }

    [Fact]
    public async Task Server_close_flushes_queued_messages_then_sends_the_close_packet()
    {
        await using var server = await EngineTestServer.StartAsync();
        var client = await PollingClient.ConnectAsync(server.Http);
        var connection = await server.Handler.OpenedAsync(client.Sid);

        connection.Send(EngineMessage.Text("last words"));
        connection.Close("bye");

        Assert.False(connection.Send(EngineMessage.Text("too late")));
        Assert.Equal("4last words\u001e1", await client.GetAsync());
        Assert.Equal("bye", await server.Handler.ClosedAsync(client.Sid));
        Assert.Equal(0, server.Engine.ConnectionCount);
    }

    [Fact]
    public async Task A_pending_poll_gets_the_close_packet_when_the_server_closes_all()
    {
        await using var server = await EngineTestServer.StartAsync();
        var client = await PollingClient.ConnectAsync(server.Http);

        var connection = await server.Handler.OpenedAsync(client.Sid);
        var poll = client.GetAsync();
        await Eventually.TrueAsync(() => connection.HasPendingPoll, TimeSpan.FromSeconds(5), "poll is pending");
        server.Engine.CloseAll();

        Assert.Equal("1", await poll.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(EngineCloseReasons.ServerShuttingDown, await server.Handler.ClosedAsync(client.Sid));
    }

    [Fact]
    public async Task Polling_to_a_websocket_session_is_a_transport_mismatch()
    {
        await using var server = await EngineTestServer.StartAsync();
        using var socket = new System.Net.WebSockets.ClientWebSocket();
        await socket.ConnectAsync(server.WebSocketUri("EIO=4&transport=websocket"), CancellationToken.None);
        var open = await WebSockets.WebSocketText.ReceiveAsync(socket);
        var sid = System.Text.Json.JsonDocument.Parse(open[1..]).RootElement.GetProperty("sid").GetString();

        using var response = await server.Http.GetAsync($"/socket.io/?EIO=4&transport=polling&sid={sid}");

        await ErrorAssert.IsAsync(response, HttpStatusCode.BadRequest, 3, "Bad request");
    }
}
