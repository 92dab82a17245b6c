using System.Net.WebSockets;
using Realtime.EngineIO.Tests.Support;
using Realtime.EngineIO.Tests.WebSockets;

namespace Realtime.EngineIO.Tests.Robustness;

public class SlowConsumerTests
{
    private const int QueueLimit = 32;

    [Theory]
    [ClassData(typeof(WebSocketPaths))]
    public async Task A_websocket_client_that_never_reads_is_dropped_with_bounded_memory_and_counted(EngineWebSocketPath path)
    {
        await using var server = await EngineTestServer.StartAsync(path, o => o.MaxOutboundQueue = QueueLimit);
        using var metrics = new MetricRecorder(server);
        var (stalled, stalledSid) = await WebSocketText.ConnectAsync(server.WebSocketUri("EIO=4&transport=websocket"));
        var (reader, readerSid) = await WebSocketText.ConnectAsync(server.WebSocketUri("EIO=4&transport=websocket"));
        using (stalled)
        using (reader)
        {
            var slow = await server.Handler.OpenedAsync(stalledSid);
            var healthy = await server.Handler.OpenedAsync(readerSid);
            var message = EngineMessage.Text(new string('x', 64 * 1024));
            var before = GC.GetTotalMemory(forceFullCollection: true);

            // Broadcast to both; only the healthy client reads. A bound on attempts keeps a broken server from looping.
            var accepted = 0;
            for (var attempt = 0; attempt < 20_000 && slow.Send(message); attempt++)
            {
                accepted++;
                Assert.True(healthy.Send(message));
                if (attempt % 8 == 0)
                {
                    Assert.Equal(WebSocketMessageType.Text, (await WebSocketText.ReceiveMessageAsync(reader)).Type);
                    for (var i = 0; i < 7 && attempt > 0; i++)
                    {
                        await WebSocketText.ReceiveMessageAsync(reader);
                    }
                }
            }

            var after = GC.GetTotalMemory(forceFullCollection: true);

            Assert.Equal(EngineCloseReasons.SlowConsumer, await server.Handler.ClosedAsync(stalledSid));
            Assert.False(slow.IsOpen);
            Assert.False(slow.Send(message));
            // What the stalled client took: its queue plus what the socket buffers absorbed (a few MiB on loopback).
            Assert.InRange(accepted, QueueLimit, QueueLimit + (16 * 1024 * 1024 / (64 * 1024)));
            Assert.True(after - before < 32 * 1024 * 1024, $"heap grew by {after - before} bytes");
            Assert.Equal(1, metrics.Total("realtime.engineio.slow_consumer.drops"));
            Assert.Equal(1, metrics.Total("realtime.engineio.disconnects", "reason", EngineCloseReasons.SlowConsumer));
            Assert.True(healthy.IsOpen);
            Assert.False(server.Handler.IsClosed(readerSid));
        }
    }

    [Theory]
    [ClassData(typeof(WebSocketPaths))]
    public async Task A_polling_client_that_stops_polling_is_dropped_when_its_queue_overflows(EngineWebSocketPath path)
    {
        await using var server = await EngineTestServer.StartAsync(path, o => o.MaxOutboundQueue = QueueLimit);
        var client = await PollingClient.ConnectAsync(server.Http);
        var connection = await server.Handler.OpenedAsync(client.Sid);

        var accepted = 0;
        while (accepted <= QueueLimit && connection.Send(EngineMessage.Text("m")))
        {
            accepted++;
        }

        Assert.Equal(QueueLimit, accepted);
        Assert.Equal("1", await client.GetAsync());
        Assert.Equal(EngineCloseReasons.SlowConsumer, await server.Handler.ClosedAsync(client.Sid));
    }

    /// <summary>A message of the default <c>maxHttpBufferSize</c>, the largest a client can send for a broadcast.</summary>
    private static readonly EngineMessage FullSizeMessage =
        EngineMessage.Text(new string('x', new EngineIOOptions().MaxHttpBufferSize - 1));

    [Theory]
    [ClassData(typeof(WebSocketPaths))]
    public async Task At_the_shipped_defaults_a_websocket_client_that_stops_reading_full_size_messages_is_dropped_by_bytes_with_a_close_frame(EngineWebSocketPath path)
    {
        await using var server = await EngineTestServer.StartAsync(path);
        using var metrics = new MetricRecorder(server);
        var (stalled, sid) = await WebSocketText.ConnectAsync(server.WebSocketUri("EIO=4&transport=websocket"));
        using (stalled)
        {
            var connection = await server.Handler.OpenedAsync(sid);
            var limit = server.Engine.Options.MaxOutboundBytes;
            long peakPending = 0;

            // The count bound (1,024) alone would take a gigabyte of these; a bound on attempts keeps a broken server
            // from looping. The socket buffers of loopback absorb some messages before the queue holds any.
            var accepted = 0;
            while (accepted < 200 && connection.Send(FullSizeMessage))
            {
                accepted++;
                peakPending = Math.Max(peakPending, connection.Outbound.PendingBytes);
            }

            Assert.False(connection.IsOpen);
            Assert.InRange(accepted, 2, 40);
            Assert.InRange(peakPending, FullSizeMessage.Length, limit);

            // The client reads again: what was already on the wire, then the close frame that says why.
            Assert.Equal(WebSocketCloseStatus.PolicyViolation, await WebSocketText.ReceiveCloseAsync(stalled));
            Assert.Equal(EngineCloseReasons.SlowConsumer, stalled.CloseStatusDescription);
            Assert.Equal(EngineCloseReasons.SlowConsumer, await server.Handler.ClosedAsync(sid));
            Assert.Equal(1, metrics.Total("realtime.engineio.slow_consumer.drops"));
        }
    }

    [Theory]
    [ClassData(typeof(WebSocketPaths))]
    public async Task At_the_shipped_defaults_a_polling_client_that_stops_polling_is_dropped_after_two_full_size_messages_and_told_on_its_next_poll(EngineWebSocketPath path)
    {
        await using var server = await EngineTestServer.StartAsync(path);
        var client = await PollingClient.ConnectAsync(server.Http);
        var connection = await server.Handler.OpenedAsync(client.Sid);

        Assert.True(connection.Send(FullSizeMessage));
        Assert.True(connection.Send(FullSizeMessage));
        Assert.False(connection.Send(FullSizeMessage));
        Assert.False(connection.IsOpen);
        Assert.Equal(EngineMessage.ClosePacket.Length, connection.Outbound.PendingBytes);

        Assert.Equal("1", await client.GetAsync());
        Assert.Equal(EngineCloseReasons.SlowConsumer, await server.Handler.ClosedAsync(client.Sid));
    }

    [Theory]
    [ClassData(typeof(WebSocketPaths))]
    public async Task A_reader_of_back_to_back_full_size_messages_is_not_dropped_at_the_shipped_defaults(EngineWebSocketPath path)
    {
        await using var server = await EngineTestServer.StartAsync(path);
        var (reader, sid) = await WebSocketText.ConnectAsync(server.WebSocketUri("EIO=4&transport=websocket"));
        using (reader)
        {
            var connection = await server.Handler.OpenedAsync(sid);
            for (var i = 0; i < 20; i++)
            {
                Assert.True(connection.Send(FullSizeMessage), $"message {i} was refused");
                Assert.True(connection.Send(FullSizeMessage), $"message {i} (second of the pair) was refused");
                for (var j = 0; j < 2; j++)
                {
                    var (type, data) = await WebSocketText.ReceiveMessageAsync(reader);
                    Assert.Equal(WebSocketMessageType.Text, type);
                    Assert.Equal(FullSizeMessage.Length, data.Length);
                }
            }

            Assert.True(connection.IsOpen);
        }
    }
}
