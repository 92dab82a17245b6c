using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Realtime.SocketIO.Adapters;
using Realtime.SocketIO.Tests.Support;
using Realtime.Testing;

namespace Realtime.SocketIO.Tests.Recovery;

/// <summary>
/// Connection state recovery on one server (socket.io's SessionAwareAdapter), frame by frame: what the CONNECT reply
/// and the events carry, and what a reconnecting client presenting <c>{pid, offset}</c> gets back.
/// </summary>
public sealed class ConnectionStateRecoveryTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Without_recovery_the_connect_reply_has_no_pid_and_events_no_offset()
    {
        await using var server = await SocketIOTestServer.StartAsync();
        var (client, sid) = await RawWebSocketClient.ConnectToMainAsync(server.WebSocketUri);
        await using var _ = client;

        server.Server.MainNamespace.Emit("news", 1);

        Assert.Equal("42[\"news\",1]", await client.ReceiveTextAsync());
        Assert.IsType<InMemoryAdapter>(server.Server.MainNamespace.Adapter);
        Assert.False(server.Server.MainNamespace.Sockets[sid].Recovered);
    }

    [Fact]
    public async Task With_recovery_the_connect_reply_carries_a_pid_and_every_logged_event_its_offset()
    {
        await using var server = await StartAsync();
        var (client, sid, pid) = await ConnectAsync(server, "40");
        await using var _ = client;
        var socket = server.Server.MainNamespace.Sockets[sid];

        server.Server.MainNamespace.Emit("news", 1);
        var broadcast = await client.ReceiveTextAsync();
        socket.Emit("direct", "x");
        var direct = await client.ReceiveTextAsync();

        Assert.NotEqual(sid, pid);
        var first = LastString(broadcast!);
        var second = LastString(direct!);
        Assert.Equal($"42[\"news\",1,\"{first}\"]", broadcast);
        Assert.Equal($"42[\"direct\",\"x\",\"{second}\"]", direct);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task Acks_and_volatile_broadcasts_carry_no_offset()
    {
        await using var server = await StartAsync();
        var (client, sid, _) = await ConnectAsync(server, "40");
        await using var __ = client;
        var socket = server.Server.MainNamespace.Sockets[sid];

        new BroadcastOperator(server.Server.MainNamespace).Volatile.Emit("volatile", 1);
        var volatileFrame = await client.ReceiveTextAsync();
        var ack = socket.EmitWithAckAsync("question", 2);
        var question = await client.ReceiveTextAsync();
        await client.SendTextAsync("430[\"answer\"]");
        await ack;
        await client.SendTextAsync("421[\"echo\",3]");
        var echoAck = await client.ReceiveTextAsync();

        Assert.Equal("42[\"volatile\",1]", volatileFrame);
        Assert.Equal("420[\"question\",2]", question);
        Assert.Equal("431[3]", echoAck);
    }

    [Fact]
    public async Task A_client_back_after_a_transport_close_gets_its_id_rooms_data_and_the_missed_events_in_order()
    {
        await using var server = await StartAsync();
        var nsp = server.Server.MainNamespace;
        var (sid, pid, offset) = await DroppedClientAsync(server, socket =>
        {
            socket.Join("room-a");
            socket.Data["user"] = "ada";
        });

        nsp.To("room-a").Emit("missed", 1);
        nsp.To("room-b").Emit("not-for-it", 2);
        nsp.Except("room-a").Emit("not-for-it", 3);
        nsp.Emit("missed", 4);
        nsp.To(sid).Emit("missed", 5);
        var (second, secondSid, secondPid) = await ConnectAsync(server, Reconnect(pid, offset),
            expectedEvents: 3, out var replayed);
        await using var _ = second;

        Assert.Equal(sid, secondSid);
        Assert.Equal(pid, secondPid);
        Assert.Equal(["missed:1", "missed:4", "missed:5"], replayed.Select(Describe));
        var socket = nsp.Sockets[sid];
        Assert.True(socket.Recovered);
        Assert.Contains("room-a", socket.Rooms);
        Assert.Equal("ada", socket.Data["user"]!.GetValue<string>());
        nsp.To("room-a").Emit("live", 6);
        Assert.Equal("live:6", Describe((await second.ReceiveTextAsync())!));
    }

    [Fact]
    public async Task A_client_that_left_the_namespace_itself_is_not_recovered()
    {
        await using var server = await StartAsync();
        var (first, sid, pid) = await ConnectAsync(server, "40");
        server.Server.MainNamespace.Emit("before", 0);
        var offset = LastString((await first.ReceiveTextAsync())!);

        await first.SendTextAsync("41");
        await Eventually.TrueAsync(() => server.App.DisconnectReasons.ContainsKey(sid), Wait, "the socket left");
        await first.DisposeAsync();
        var (second, secondSid, secondPid) = await ConnectAsync(server, Reconnect(pid, offset));
        await using var _ = second;

        Assert.Equal("client namespace disconnect", server.App.DisconnectReasons[sid]);
        Assert.NotEqual(sid, secondSid);
        Assert.NotEqual(pid, secondPid);
        Assert.False(server.Server.MainNamespace.Sockets[secondSid].Recovered);
    }

    [Fact]
    public async Task A_session_older_than_the_max_disconnection_duration_is_not_recovered()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await StartAsync(timeProvider: clock);
        var (sid, pid, offset) = await DroppedClientAsync(server);

        clock.Advance(new ConnectionStateRecoveryOptions().MaxDisconnectionDuration + TimeSpan.FromMilliseconds(1));
        var (second, secondSid, _) = await ConnectAsync(server, Reconnect(pid, offset));
        await using var _ = second;

        Assert.NotEqual(sid, secondSid);
    }

    [Fact]
    public async Task A_session_just_inside_the_max_disconnection_duration_is_recovered()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await StartAsync(timeProvider: clock);
        var (sid, pid, offset) = await DroppedClientAsync(server);

        clock.Advance(new ConnectionStateRecoveryOptions().MaxDisconnectionDuration - TimeSpan.FromSeconds(1));
        var (second, secondSid, _) = await ConnectAsync(server, Reconnect(pid, offset));
        await using var _ = second;

        Assert.Equal(sid, secondSid);
    }

    [Fact]
    public async Task An_offset_the_log_no_longer_holds_gives_a_new_socket_and_no_partial_replay()
    {
        await using var server = await StartAsync(recovery => recovery.MaxLogBytes = 4096);
        var nsp = server.Server.MainNamespace;
        var (sid, pid, offset) = await DroppedClientAsync(server);

        for (var i = 0; i < 100; i++)
        {
            nsp.Emit("missed", new string('x', 100));
        }

        var (second, secondSid, _) = await ConnectAsync(server, Reconnect(pid, offset));
        await using var _ = second;

        Assert.NotEqual(sid, secondSid);
        Assert.InRange(((SessionAwareAdapter)nsp.Adapter).LogBytes, 1, 4096);
        nsp.Emit("live", 1);
        Assert.StartsWith("42[\"live\",1,", await second.ReceiveTextAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 2)]
    public async Task A_recovered_socket_skips_the_middleware_only_when_told_to(bool skip, int expectedRuns)
    {
        await using var server = await StartAsync(recovery => recovery.SkipMiddlewares = skip);
        var runs = 0;
        server.Server.MainNamespace.Use(_ =>
        {
            Interlocked.Increment(ref runs);
            return ValueTask.CompletedTask;
        });
        var (sid, pid, offset) = await DroppedClientAsync(server);

        var (second, secondSid, _) = await ConnectAsync(server, Reconnect(pid, offset));
        await using var _ = second;

        Assert.Equal(sid, secondSid);
        Assert.Equal(expectedRuns, Volatile.Read(ref runs));
    }

    [Fact]
    public async Task A_session_is_restored_once()
    {
        await using var server = await StartAsync();
        var (sid, pid, offset) = await DroppedClientAsync(server);
        var connect = Reconnect(pid, offset);

        var (second, secondSid, _) = await ConnectAsync(server, connect);
        await using var _ = second;
        var (third, thirdSid, _) = await ConnectAsync(server, connect);
        await using var __ = third;

        Assert.Equal(sid, secondSid);
        Assert.NotEqual(sid, thirdSid);
    }

    [Fact]
    public void The_recovery_defaults_are_nodes()
    {
        var defaults = new ConnectionStateRecoveryOptions();

        Assert.Null(new SocketIOOptions().ConnectionStateRecovery);
        Assert.Equal(TimeSpan.FromMinutes(2), defaults.MaxDisconnectionDuration);
        Assert.True(defaults.SkipMiddlewares);
        Assert.Equal(64L * 1024 * 1024, defaults.MaxLogBytes);
    }

    private static Task<SocketIOTestServer> StartAsync(Action<ConnectionStateRecoveryOptions>? configure = null,
        TimeProvider? timeProvider = null) =>
        SocketIOTestServer.StartAsync(options =>
        {
            options.ConnectionStateRecovery = new ConnectionStateRecoveryOptions();
            configure?.Invoke(options.ConnectionStateRecovery);
        }, timeProvider);

    /// <summary>
    /// A client that connected (its socket set up by <paramref name="prepare"/>), got one broadcast and lost its
    /// connection: its sid, pid and the offset it would reconnect with.
    /// </summary>
    private static async Task<(string Sid, string Pid, string Offset)> DroppedClientAsync(SocketIOTestServer server,
        Action<Socket>? prepare = null)
    {
        var (client, sid, pid) = await ConnectAsync(server, "40");
        prepare?.Invoke(server.Server.MainNamespace.Sockets[sid]);
        server.Server.MainNamespace.Emit("before", 0);
        var offset = LastString((await client.ReceiveTextAsync())!);
        await client.DisposeAsync();
        await Eventually.TrueAsync(() => server.App.DisconnectReasons.ContainsKey(sid), Wait, "the socket left");
        return (sid, pid, offset);
    }

    /// <summary>The CONNECT socket.io-client sends when it reconnects with recovery.</summary>
    private static string Reconnect(string pid, string offset) => $"40{{\"pid\":\"{pid}\",\"offset\":\"{offset}\"}}";

    private static Task<(RawWebSocketClient Client, string Sid, string Pid)> ConnectAsync(SocketIOTestServer server,
        string connect) => ConnectAsync(server, connect, 0, out _);

    /// <summary>Sends CONNECT; the events a recovered socket is replayed arrive before the CONNECT reply, as in Node.</summary>
    private static Task<(RawWebSocketClient Client, string Sid, string Pid)> ConnectAsync(SocketIOTestServer server,
        string connect, int expectedEvents, out List<string> events)
    {
        var received = new List<string>();
        events = received;
        return Run();

        async Task<(RawWebSocketClient, string, string)> Run()
        {
            var client = await RawWebSocketClient.ConnectAsync(server.WebSocketUri);
            await client.SendTextAsync(connect);
            while (true)
            {
                var frame = await client.ReceiveTextAsync(Wait) ?? throw new InvalidOperationException("closed before CONNECT");
                if (frame.StartsWith("40", StringComparison.Ordinal))
                {
                    Assert.Equal(expectedEvents, received.Count);
                    using var json = JsonDocument.Parse(frame[2..]);
                    return (client, json.RootElement.GetProperty("sid").GetString()!, json.RootElement.GetProperty("pid").GetString()!);
                }

                received.Add(frame);
            }
        }
    }

    private static string LastString(string frame)
    {
        using var json = JsonDocument.Parse(frame[2..]);
        var array = json.RootElement;
        return array[array.GetArrayLength() - 1].GetString()!;
    }

    /// <summary><c>event:first-argument</c>, checking the offset is the last element.</summary>
    private static string Describe(string frame)
    {
        using var json = JsonDocument.Parse(frame[2..]);
        var array = json.RootElement;
        Assert.Equal(3, array.GetArrayLength());
        Assert.Equal(JsonValueKind.String, array[2].ValueKind);
        return $"{array[0].GetString()}:{array[1].GetRawText()}";
    }
}
