using System.Net;
using System.Net.WebSockets;
using Realtime.EngineIO.Tests.Support;

namespace Realtime.EngineIO.Tests.WebSockets;

public class UpgradeTests
{
    [Theory]
    [ClassData(typeof(WebSocketPaths))]
    public async Task Probe_noop_upgrade_then_buffered_messages_flush_on_the_websocket(EngineWebSocketPath path)
    {
        await using var server = await EngineTestServer.StartAsync(path);
        var client = await PollingClient.ConnectAsync(server.Http);
        var connection = await server.Handler.OpenedAsync(client.Sid);
        var pendingPoll = client.GetAsync();
        await Eventually.TrueAsync(() => connection.HasPendingPoll, TimeSpan.FromSeconds(5), "poll is pending");

        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(server.WebSocketUri($"EIO=4&transport=websocket&sid={client.Sid}"), CancellationToken.None);
        await WebSocketText.SendAsync(socket, "2probe");

        Assert.Equal("3probe", await WebSocketText.ReceiveAsync(socket));
        Assert.Equal("6", await pendingPoll.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(EngineTransportNames.Polling, connection.Transport);

        connection.Send(EngineMessage.Text("sent while upgrading"));
        Assert.Equal("6", await client.GetAsync());
        await WebSocketText.SendAsync(socket, "5");

        Assert.Equal("4sent while upgrading", await WebSocketText.ReceiveAsync(socket));
        Assert.Equal(EngineTransportNames.WebSocket, connection.Transport);
        await WebSocketText.SendAsync(socket, "4over websocket");
        Assert.Equal("4over websocket", await WebSocketText.ReceiveAsync(socket));

        using var stalePoll = await client.GetRawAsync();
        await ErrorAssert.IsAsync(stalePoll, HttpStatusCode.BadRequest, 3, "Bad request");
        Assert.False(server.Handler.IsClosed(client.Sid));
    }

    /// <summary>As the reference server: the WebSocket handshake completes (101), then the server closes it.</summary>
    [Theory]
    [ClassData(typeof(WebSocketPaths))]
    public async Task A_second_websocket_for_an_upgraded_session_is_accepted_then_closed_by_the_server(EngineWebSocketPath path)
    {
        await using var server = await EngineTestServer.StartAsync(path);
        var client = await PollingClient.ConnectAsync(server.Http);
        using var socket = await UpgradeAsync(server, client.Sid);

        using var second = new ClientWebSocket();
        second.Options.CollectHttpResponseDetails = true;
        await second.ConnectAsync(server.WebSocketUri($"EIO=4&transport=websocket&sid={client.Sid}"), CancellationToken.None);

        Assert.Equal(HttpStatusCode.SwitchingProtocols, second.HttpStatusCode);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, await WebSocketText.ReceiveCloseAsync(second));
        await WebSocketText.SendAsync(socket, "4first still works");
        Assert.Equal("4first still works", await WebSocketText.ReceiveAsync(socket));
    }

    [Theory]
    [ClassData(typeof(WebSocketPaths))]
    public async Task A_second_websocket_while_the_first_still_probes_is_accepted_then_closed(EngineWebSocketPath path)
    {
        await using var server = await EngineTestServer.StartAsync(path);
        var client = await PollingClient.ConnectAsync(server.Http);
        using var probing = new ClientWebSocket();
        await probing.ConnectAsync(server.WebSocketUri($"EIO=4&transport=websocket&sid={client.Sid}"), CancellationToken.None);
        await WebSocketText.SendAsync(probing, "2probe");
        Assert.Equal("3probe", await WebSocketText.ReceiveAsync(probing));

        using var second = new ClientWebSocket();
        await second.ConnectAsync(server.WebSocketUri($"EIO=4&transport=websocket&sid={client.Sid}"), CancellationToken.None);

        Assert.Equal(WebSocketCloseStatus.NormalClosure, await WebSocketText.ReceiveCloseAsync(second));
        await WebSocketText.SendAsync(probing, "5");
        await WebSocketText.SendAsync(probing, "4upgraded by the first");
        Assert.Equal("4upgraded by the first", await WebSocketText.ReceiveAsync(probing));
    }

    [Theory]
    [ClassData(typeof(WebSocketPaths))]
    public async Task No_upgrade_packet_within_the_timeout_closes_the_probe_and_polling_goes_on(EngineWebSocketPath path)
    {
        await using var server = await EngineTestServer.StartAsync(path, o => o.UpgradeTimeout = TimeSpan.FromMilliseconds(300));
        var client = await PollingClient.ConnectAsync(server.Http);
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(server.WebSocketUri($"EIO=4&transport=websocket&sid={client.Sid}"), CancellationToken.None);
        await WebSocketText.SendAsync(socket, "2probe");
        Assert.Equal("3probe", await WebSocketText.ReceiveAsync(socket));

        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            var (type, _) = await WebSocketText.ReceiveMessageAsync(socket);
            Assert.NotEqual(WebSocketMessageType.Close, type);
        });

        await client.PostAsync("4back on polling");
        Assert.Equal("4back on polling", await client.GetAsync());
        Assert.False(server.Handler.IsClosed(client.Sid));
    }

    [Theory]
    [ClassData(typeof(WebSocketPaths))]
    public async Task Any_other_packet_during_the_probe_aborts_the_upgrade_only(EngineWebSocketPath path)
    {
        await using var server = await EngineTestServer.StartAsync(path);
        var client = await PollingClient.ConnectAsync(server.Http);
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(server.WebSocketUri($"EIO=4&transport=websocket&sid={client.Sid}"), CancellationToken.None);

        await WebSocketText.SendAsync(socket, "4not a probe");

        Assert.Equal(WebSocketCloseStatus.NormalClosure, await WebSocketText.ReceiveCloseAsync(socket));
        await client.PostAsync("4polling still works");
        Assert.Equal("4polling still works", await client.GetAsync());
        using var retry = await UpgradeAsync(server, client.Sid);
    }

    [Theory]
    [ClassData(typeof(WebSocketPaths))]
    public async Task Upgrade_is_refused_when_upgrades_are_off(EngineWebSocketPath path)
    {
        await using var server = await EngineTestServer.StartAsync(path, o => o.AllowUpgrades = false);
        var client = await PollingClient.ConnectAsync(server.Http);
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(
            server.WebSocketUri($"EIO=4&transport=websocket&sid={client.Sid}"), CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, socket.HttpStatusCode);
    }

    private static async Task<ClientWebSocket> UpgradeAsync(EngineTestServer server, string sid)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(server.WebSocketUri($"EIO=4&transport=websocket&sid={sid}"), CancellationToken.None);
        await WebSocketText.SendAsync(socket, "2probe");
        Assert.Equal("3probe", await WebSocketText.ReceiveAsync(socket));
        await WebSocketText.SendAsync(socket, "5");
        var connection = await server.Handler.OpenedAsync(sid);
        await Eventually.TrueAsync(() => connection.Transport == EngineTransportNames.WebSocket, TimeSpan.FromSeconds(5),
            "session upgraded");
        return socket;
    }
}
