using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Realtime.Bench;
using Realtime.SocketIO.Redis.Backplane;
using Realtime.Testing;

namespace Realtime.Server.Tests;

/// <summary>
/// The bench client's side of connection state recovery (the benchmark's <c>recovery</c> section relies on it),
/// checked against the official server (Node socket.io 4.8 with in-memory recovery on one pod) and against ours
/// across two pods on one Redis.
/// </summary>
public sealed class RecoveryClientSmokeTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_dropped_client_comes_back_with_its_id_its_room_and_every_message_it_missed()
    {
        await using var node = await NodeReferenceAsync();
        var received = new ConcurrentQueue<long>();
        await using var publisher = await BenchClient.ConnectAsync(node.Url, null, CancellationToken.None);
        await using var first = await BenchClient.ConnectAsync(node.Url, null, CancellationToken.None, onSequence: received.Enqueue);
        await first.JoinAsync("room-0", CancellationToken.None);
        await publisher.PublishAsync("room-0", 1, CancellationToken.None);
        await Eventually.TrueAsync(() => received.Count == 1, Bound, "the first message arrived");
        var token = first.Token;
        Assert.NotNull(token?.Offset);

        first.Abort();
        await Eventually.TrueAsync(() => node.Process.Output.Contains($"{{\"disconnected\":\"{first.SocketId}\"}}", StringComparison.Ordinal),
            Bound, "the server kept the dropped socket's session");
        foreach (var sequence in new long[] { 2, 3, 4 })
        {
            await publisher.PublishAsync("room-0", sequence, CancellationToken.None);
        }

        // The server handles one connection's packets in order: once this ack is back, the three were broadcast.
        await publisher.JoinAsync("elsewhere", CancellationToken.None);
        await using var back = await BenchClient.ConnectAsync(node.Url, null, CancellationToken.None, token, received.Enqueue);

        Assert.True(back.Recovered);
        Assert.Equal(first.SocketId, back.SocketId);
        await publisher.PublishAsync("room-0", 5, CancellationToken.None);
        await Eventually.TrueAsync(() => received.Contains(5), Bound, "a message after the recovery arrived without a new join");
        Assert.Equal([1, 2, 3, 4, 5], received.ToArray());
        Assert.NotEqual(token.Offset, back.Token?.Offset);
    }

    [Fact]
    public async Task A_client_of_a_drained_pod_of_ours_comes_back_on_another_with_everything_it_missed()
    {
        await using var redis = await RedisServer.StartAsync();
        var settings = new Dictionary<string, string?> { ["REDIS_URL"] = redis.Url, ["CONNECTION_STATE_RECOVERY"] = "true" };
        await using var drained = await InProcessServer.StartAsync(settings);
        await using var other = await InProcessServer.StartAsync(settings);
        var received = new ConcurrentQueue<long>();
        await using var publisher = await BenchClient.ConnectAsync(other.Url, null, CancellationToken.None);
        await using var first = await BenchClient.ConnectAsync(drained.Url, null, CancellationToken.None, onSequence: received.Enqueue);
        await first.JoinAsync("room-0", CancellationToken.None);
        var backplane = drained.Services.GetRequiredService<RedisBackplane>();
        await Eventually.TrueAsync(() => backplane.SubscriptionsInSync, Bound, "the drained pod subscribed to room-0");
        await publisher.PublishAsync("room-0", 1, CancellationToken.None);
        await Eventually.TrueAsync(() => received.Count == 1, Bound, "the first message crossed the pods");
        var token = first.Token;
        Assert.NotNull(token?.Offset);

        // The drain keeps each session before it closes the connection, so the close is the signal.
        await drained.DisposeAsync();
        await first.Closed.WaitAsync(Bound);
        foreach (var sequence in new long[] { 2, 3, 4 })
        {
            await publisher.PublishAsync("room-0", sequence, CancellationToken.None);
        }

        await publisher.JoinAsync("elsewhere", CancellationToken.None);
        await using var back = await BenchClient.ConnectAsync(other.Url, null, CancellationToken.None, token, received.Enqueue);

        Assert.True(back.Recovered);
        Assert.Equal(first.SocketId, back.SocketId);
        await publisher.PublishAsync("room-0", 5, CancellationToken.None);
        await Eventually.TrueAsync(() => received.Contains(5), Bound, "a message after the recovery arrived without a new join");
        Assert.Equal([1, 2, 3, 4, 5], received.ToArray());
    }

    [Fact]
    public async Task A_client_with_an_unknown_session_starts_a_new_one()
    {
        await using var node = await NodeReferenceAsync();

        await using var client = await BenchClient.ConnectAsync(node.Url, null, CancellationToken.None, new RecoveryToken("no-such-session", "0"));

        Assert.False(client.Recovered);
        Assert.NotNull(client.Token);
        Assert.NotEqual("no-such-session", client.Token.Pid);
    }

    [Theory]
    [InlineData("42[\"bench\",{\"t\":1,\"p\":\"x\"},\"1701-0\"]", "1701-0")]
    [InlineData("42[\"bench\",{\"p\":\"a\\\",\\\"b\"},\"o\\\"ff\\\\\"]", "o\"ff\\")]
    [InlineData("42[\"bench\",{\"t\":1,\"p\":\"x\"}]", null)]
    [InlineData("42[\"bench\",\"only\"]", "only")]
    [InlineData("42[\"bench\",{\"p\":\"ends in a quote\\\"\"}]", null)]
    public void The_offset_is_the_events_last_element_when_it_is_a_string(string frame, string? offset)
    {
        Assert.Equal(offset, BenchClient.TrailingOffset(System.Text.Encoding.UTF8.GetBytes(frame)));
    }

    [Fact]
    public void The_connect_packet_carries_the_session_and_offset_as_socket_io_client_sends_them()
    {
        Assert.Equal("40", BenchClient.ConnectPacket(null));
        Assert.Equal("40{\"pid\":\"p1\",\"offset\":\"o1\"}", BenchClient.ConnectPacket(new RecoveryToken("p1", "o1")));
        Assert.Equal("40{\"pid\":\"p1\"}", BenchClient.ConnectPacket(new RecoveryToken("p1", null)));
    }

    private static async Task<NodeReference> NodeReferenceAsync()
    {
        var port = FreePort.Next();
        var process = NodeScript.Start("reference-server.js", new Dictionary<string, string>
        {
            ["port"] = port.ToString(CultureInfo.InvariantCulture),
            ["recovery"] = "true",
        });
        try
        {
            await FreePort.WaitUntilListeningAsync(port, Bound, process);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }

        return new NodeReference(process, new Uri($"http://127.0.0.1:{port}"));
    }

    private sealed record NodeReference(ChildProcess Process, Uri Url) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Process.DisposeAsync();
    }
}
