using Realtime.SocketIO.Tests.Support;

namespace Realtime.SocketIO.Tests.Robustness;

/// <summary>The Socket.IO connection state rules, driven frame by frame.</summary>
public sealed class ConnectionStateTests
{
    [Theory]
    [InlineData("42[\"echo\",1]")]
    [InlineData("41")]
    [InlineData("44{\"message\":\"from the client\"}")]
    [InlineData("4garbage")]
    public async Task A_packet_before_connect_closes_the_connection(string frame)
    {
        await using var server = await SocketIOTestServer.StartAsync();
        await using var client = await RawWebSocketClient.ConnectAsync(server.WebSocketUri);

        await client.SendTextAsync(frame);

        Assert.True(await client.WaitForServerCloseAsync(TimeSpan.FromSeconds(5)));
    }

    [Theory]
    [InlineData("40")]
    [InlineData("44{\"message\":\"from the client\"}")]
    [InlineData("42/admin,[\"echo\"]")]
    public async Task A_connected_client_breaking_the_rules_is_closed_and_its_socket_leaves(string frame)
    {
        await using var server = await SocketIOTestServer.StartAsync();
        var (client, socketId) = await RawWebSocketClient.ConnectToMainAsync(server.WebSocketUri);
        await using var _ = client;

        await client.SendTextAsync(frame);

        Assert.True(await client.WaitForServerCloseAsync(TimeSpan.FromSeconds(5)));
        await Realtime.Testing.Eventually.TrueAsync(() => server.App.DisconnectReasons.ContainsKey(socketId),
            TimeSpan.FromSeconds(5), "the socket left the namespace");
        Assert.Empty(server.Server.MainNamespace.Sockets);
    }

    [Fact]
    public async Task An_unknown_namespace_gets_connect_error_and_the_connection_stays()
    {
        await using var server = await SocketIOTestServer.StartAsync();
        await using var client = await RawWebSocketClient.ConnectAsync(server.WebSocketUri);

        await client.SendTextAsync("40/nope,");
        var reply = await client.ReceiveTextAsync();
        await client.SendTextAsync("40");
        var connected = await client.ReceiveTextAsync();

        Assert.Equal("44/nope,{\"message\":\"Invalid namespace\"}", reply);
        Assert.StartsWith("40{\"sid\":\"", connected, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_disconnect_leaves_one_namespace_and_the_others_stay()
    {
        await using var server = await SocketIOTestServer.StartAsync();
        var (client, socketId) = await RawWebSocketClient.ConnectToMainAsync(server.WebSocketUri);
        await using var _ = client;
        await client.SendTextAsync("40/admin,{\"token\":\"secret\"}");
        Assert.StartsWith("40/admin,{\"sid\":", await client.ReceiveTextAsync(), StringComparison.Ordinal);
        Assert.StartsWith("42/admin,[\"welcome\"", await client.ReceiveTextAsync(), StringComparison.Ordinal);

        await client.SendTextAsync("41");
        await Realtime.Testing.Eventually.TrueAsync(() => server.App.DisconnectReasons.ContainsKey(socketId),
            TimeSpan.FromSeconds(5), "the main-namespace socket left");
        await client.SendTextAsync("42/admin,[\"unknown-event\"]");
        await client.SendTextAsync("42[\"echo\"]");

        Assert.Equal("client namespace disconnect", server.App.DisconnectReasons[socketId]);
        Assert.Single(server.Server.Of("/admin").Sockets);
        Assert.True(await client.WaitForServerCloseAsync(TimeSpan.FromSeconds(5)),
            "an event for the namespace it left is a state violation");
    }

    [Fact]
    public async Task A_connection_that_joins_no_namespace_is_closed_after_the_connect_timeout()
    {
        await using var server = await SocketIOTestServer.StartAsync(o => o.ConnectTimeout = TimeSpan.FromMilliseconds(300));
        var (joined, _) = await RawWebSocketClient.ConnectToMainAsync(server.WebSocketUri);
        await using var __ = joined;
        await using var idle = await RawWebSocketClient.ConnectAsync(server.WebSocketUri);

        Assert.True(await idle.WaitForServerCloseAsync(TimeSpan.FromSeconds(5)));
        await joined.SendTextAsync("421[\"echo\",\"alive\"]");
        Assert.Equal("431[\"alive\"]", await joined.ReceiveTextAsync());
    }
}
