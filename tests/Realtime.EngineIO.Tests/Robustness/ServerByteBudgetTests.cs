using System.Net;
using System.Net.WebSockets;
using Realtime.EngineIO.Tests.Support;
using Realtime.EngineIO.Tests.WebSockets;
using Realtime.EngineIO.Transports;

namespace Realtime.EngineIO.Tests.Robustness;

/// <summary>The bytes one server holds for all its clients together, bounded in bytes (docs/benchmarks.md, "hostile clients").</summary>
public class ServerByteBudgetTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_reservation_waits_while_the_budget_is_spent_and_proceeds_once_bytes_are_released()
    {
        var budget = new ServerByteBudget(1000);
        await budget.ReserveAsync(800, CancellationToken.None);

        var waiting = budget.ReserveAsync(300, CancellationToken.None).AsTask();
        await Task.Yield();
        Assert.False(waiting.IsCompleted);
        Assert.Equal(800, budget.Held);

        budget.Release(800);
        await waiting.WaitAsync(Patience);
        Assert.Equal(300, budget.Held);
    }

    [Fact]
    public async Task An_empty_budget_admits_one_reservation_larger_than_itself_so_any_allowed_message_can_be_received()
    {
        var budget = new ServerByteBudget(1000);
        await budget.ReserveAsync(5000, CancellationToken.None).AsTask().WaitAsync(Patience);
        Assert.True(budget.IsSpent);
    }

    [Fact]
    public async Task A_waiting_reservation_ends_when_its_connection_closes()
    {
        var budget = new ServerByteBudget(1000);
        await budget.ReserveAsync(1000, CancellationToken.None);
        using var closed = new CancellationTokenSource();

        var waiting = budget.ReserveAsync(1, closed.Token).AsTask();
        await closed.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Patience));
        Assert.Equal(1000, budget.Held);
    }

    [Fact]
    public void A_broadcast_queued_for_many_connections_is_charged_once_until_the_last_is_done_with_it()
    {
        var budget = new ServerByteBudget(long.MaxValue);
        var broadcast = EngineMessage.Text(new string('x', 100_000));
        var queues = Enumerable.Range(0, 3).Select(_ => new OutboundQueue(1024, 2 * 1024 * 1024, budget)).ToList();

        Assert.All(queues, queue => Assert.True(queue.TryWrite(broadcast)));
        Assert.Equal(broadcast.Length, budget.Held);

        Assert.True(queues[0].TryRead(out var written));
        queues[0].Done(written);
        queues[1].Complete();
        Assert.Equal(broadcast.Length, budget.Held);

        // Dropping a slow consumer leaves only the close packet, a control packet the budget does not count.
        queues[2].DiscardAllBut(EngineMessage.ClosePacket);
        Assert.Equal(0, budget.Held);
        Assert.True(queues[2].TryRead(out var close));
        queues[2].Done(close);
        Assert.Equal(0, budget.Held);
    }

    [Fact]
    public void Once_the_budget_is_spent_a_connection_holding_more_than_64_KiB_is_refused_while_small_messages_still_flow()
    {
        var budget = new ServerByteBudget(200_000);
        var large = EngineMessage.Text(new string('x', 150_000));
        var backedUp = new OutboundQueue(1024, 2 * 1024 * 1024, budget);
        var keepingUp = new OutboundQueue(1024, 2 * 1024 * 1024, budget);
        Assert.True(backedUp.TryWrite(large));
        Assert.False(budget.IsSpent);
        Assert.True(backedUp.TryWrite(EngineMessage.Text(new string('y', 150_000))));
        Assert.True(budget.IsSpent);

        Assert.False(backedUp.TryWrite(EngineMessage.Text("small")));
        Assert.True(keepingUp.TryWrite(EngineMessage.Text("small")));
        Assert.True(keepingUp.TryWrite(large), "a message other queues hold already costs the server nothing more");
        Assert.False(keepingUp.TryWrite(EngineMessage.Text(new string('z', 150_000))));
    }

    [Theory]
    [ClassData(typeof(WebSocketPaths))]
    public async Task At_the_shipped_defaults_large_messages_being_received_wait_for_the_servers_budget_while_small_ones_flow(EngineWebSocketPath path)
    {
        await using var server = await EngineTestServer.StartAsync(path);
        var defaults = new EngineIOOptions();
        Assert.Equal(defaults.MaxBufferedBytes, server.Engine.Options.MaxBufferedBytes);
        Assert.Equal(defaults.MaxHttpBufferSize, server.Engine.Options.MaxHttpBufferSize);
        var budget = server.Engine.Budget;
        var perMessage = server.Engine.LargeReceiveBuffers.BufferLength;
        var fitting = (int)(budget.Limit / perMessage);
        var senders = new List<ClientWebSocket>();
        try
        {
            // Each client sends 100 KB of a message and stops: past 64 KiB its reader needs a whole maxHttpBufferSize.
            var part = new byte[100_000];
            for (var i = 0; i < fitting + 3; i++)
            {
                var (socket, _) = await WebSocketText.ConnectAsync(server.WebSocketUri("EIO=4&transport=websocket"));
                senders.Add(socket);
                await socket.SendAsync(part, WebSocketMessageType.Binary, endOfMessage: false, CancellationToken.None);
            }

            await Eventually.TrueAsync(() => budget.Held == (long)fitting * perMessage, Patience,
                $"{fitting} readers reserved their message (held {budget.Held})");
            Assert.True(budget.Held <= budget.Limit);

            var (good, _) = await WebSocketText.ConnectAsync(server.WebSocketUri("EIO=4&transport=websocket"));
            using (good)
            {
                await WebSocketText.SendAsync(good, "4small");
                Assert.Equal("4small", await WebSocketText.ReceiveAsync(good));
            }

            Assert.Equal((long)fitting * perMessage, budget.Held);
        }
        finally
        {
            foreach (var socket in senders)
            {
                socket.Abort();
                socket.Dispose();
            }
        }

        await Eventually.TrueAsync(() => budget.Held == 0, Patience, $"every reservation came back (held {budget.Held})");
    }

    [Theory]
    [ClassData(typeof(WebSocketPaths))]
    public async Task At_the_shipped_defaults_large_polling_bodies_being_received_wait_for_the_servers_budget_while_small_ones_flow(EngineWebSocketPath path)
    {
        await using var server = await EngineTestServer.StartAsync(path);
        var budget = server.Engine.Budget;
        var perMessage = server.Engine.LargeReceiveBuffers.BufferLength;
        var fitting = (int)(budget.Limit / perMessage);
        using var stall = new CancellationTokenSource();
        var posts = new List<Task<HttpResponseMessage>>();
        try
        {
            // Each client announces a 900 KB body, sends 100 KB of it and stops: past 64 KiB the server needs room
            // for a whole maxHttpBufferSize before it reads more of that body.
            for (var i = 0; i < fitting + 3; i++)
            {
                var client = await PollingClient.ConnectAsync(server.Http);
                posts.Add(server.Http.PostAsync(client.Path, new StalledBody(900_000, 100_000, stall.Token)));
            }

            await Eventually.TrueAsync(() => budget.Held == (long)fitting * perMessage, Patience,
                $"{fitting} readers reserved their body (held {budget.Held})");

            var good = await PollingClient.ConnectAsync(server.Http);
            await good.PostAsync("4small");
            Assert.Equal("4small", await good.GetAsync());
            Assert.Equal((long)fitting * perMessage, budget.Held);
        }
        finally
        {
            await stall.CancelAsync();
            foreach (var post in posts)
            {
                await Assert.ThrowsAnyAsync<Exception>(() => post.WaitAsync(Patience));
            }
        }

        await Eventually.TrueAsync(() => budget.Held == 0, Patience, $"every reservation came back (held {budget.Held})");
    }

    [Theory]
    [ClassData(typeof(WebSocketPaths))]
    public async Task A_polling_body_over_several_reads_is_received_whole(EngineWebSocketPath path)
    {
        await using var server = await EngineTestServer.StartAsync(path);
        var client = await PollingClient.ConnectAsync(server.Http);
        var message = "4" + new string('x', 500_000);

        using var response = await server.Http.PostAsync(client.Path, new ChunkedBody(message, 16 * 1024));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(message, await client.GetAsync());
        await Eventually.TrueAsync(() => server.Engine.Budget.Held == 0, Patience, "the body's reservation came back");
    }

    /// <summary>A body that announces its whole length, sends part of it and then waits until cancelled.</summary>
    private sealed class StalledBody(int announced, int sent, CancellationToken stall) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var part = new byte[sent];
            part.AsSpan().Fill((byte)'x');
            part[0] = (byte)'4';
            await stream.WriteAsync(part, stall);
            await stream.FlushAsync(stall);
            await Task.Delay(Timeout.Infinite, stall);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = announced;
            return true;
        }
    }

    /// <summary>A whole body written in flushed pieces, so the server reads it in several reads.</summary>
    private sealed class ChunkedBody(string text, int piece) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(text);
            for (var offset = 0; offset < bytes.Length; offset += piece)
            {
                await stream.WriteAsync(bytes.AsMemory(offset, Math.Min(piece, bytes.Length - offset)));
                await stream.FlushAsync();
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
