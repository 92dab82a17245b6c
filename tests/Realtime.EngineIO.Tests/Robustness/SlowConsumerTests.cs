using System.Net.WebSockets;
using Realtime.EngineIO.Tests.Support;
using Realtime.EngineIO.Tests.WebSockets;

namespace Realtime.EngineIO.Tests.Robustness;

public class SlowConsumerTests
{
    private const int QueueLimit = 32;

    [Fact]
    public async Task A_websocket_client_that_never_reads_is_dropped_with_bounded_memory_and_counted()
    {
        await using var server = await EngineTestServer.StartAsync(o => o.MaxOutboundQueue = QueueLimit);
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

    [Fact]
    public async Task A_polling_client_that_stops_polling_is_dropped_when_its_queue_overflows()
    {
        await using var server = await EngineTestServer.StartAsync(o => o.MaxOutboundQueue = QueueLimit);
        var client = await PollingClient.ConnectAsync(server.Http);
        var connection = await server.Handler.OpenedAsync(client.Sid);

        var accepted = 0;
        while (accepted <= QueueLimit && connection.Send(EngineMessage.Text("m")))
        {
            accepted++;
        }

        Assert.Equal(QueueLimit, accepted);
        Assert.Equal(EngineCloseReasons.SlowConsumer, await server.Handler.ClosedAsync(client.Sid));
    }
}
