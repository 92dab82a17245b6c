using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Realtime.EngineIO;
using Realtime.SocketIO.Tests.Codec;
using Realtime.SocketIO.Tests.Support;
using Realtime.Testing;

namespace Realtime.SocketIO.Tests.Robustness;

/// <summary>
/// A binary packet whose attachments never all arrive (issue 12: ten placeholders, then 900 KB frames): the server
/// holds at most <c>maxHttpBufferSize</c> of them, for at most the binary packet timeout, at the shipped defaults.
/// </summary>
public sealed class PendingAttachmentTests
{
    private static readonly byte[] Frame = new byte[900_000];

    [Fact]
    public async Task Attachments_beyond_MaxHttpBufferSize_close_the_connection()
    {
        await using var server = await SocketIOTestServer.StartAsync();
        var (client, socketId) = await RawWebSocketClient.ConnectToMainAsync(server.WebSocketUri);
        await using var _ = client;

        await client.SendTextAsync("4" + PacketDecoderTests.TenPlaceholders);
        await client.SendBinaryAsync(Frame);
        await client.SendBinaryAsync(Frame);

        Assert.True(await client.WaitForServerCloseAsync(TimeSpan.FromSeconds(10)), "the server kept the connection");
        await Eventually.TrueAsync(() => server.App.DisconnectReasons.ContainsKey(socketId), TimeSpan.FromSeconds(5),
            "the socket was disconnected");
        Assert.Equal(SocketDisconnectReasons.ParseError, server.App.DisconnectReasons[socketId]);
    }

    [Fact]
    public async Task Attachments_being_assembled_count_against_the_servers_buffered_bytes_until_the_connection_closes()
    {
        await using var server = await SocketIOTestServer.StartAsync();
        var engine = server.Services.GetRequiredService<EngineServer>();
        var (client, socketId) = await RawWebSocketClient.ConnectToMainAsync(server.WebSocketUri);
        await using var _ = client;

        await client.SendTextAsync("4" + PacketDecoderTests.TenPlaceholders);
        await client.SendBinaryAsync(Frame);
        await Eventually.TrueAsync(() => engine.BufferedBytes == Frame.Length, TimeSpan.FromSeconds(10),
            $"the attachment is counted once the 1 MB receive reservation is back (buffered {engine.BufferedBytes})");

        await client.DisposeAsync();
        await Eventually.TrueAsync(() => server.App.DisconnectReasons.ContainsKey(socketId), TimeSpan.FromSeconds(10),
            "the socket was disconnected");
        await Eventually.TrueAsync(() => engine.BufferedBytes == 0, TimeSpan.FromSeconds(10),
            $"the attachment was given back (buffered {engine.BufferedBytes})");
    }

    [Fact]
    public async Task A_binary_packet_not_completed_within_the_shipped_timeout_closes_the_connection()
    {
        var time = new TimerWatchingTimeProvider();
        await using var server = await SocketIOTestServer.StartAsync(timeProvider: time);
        var timeout = server.Server.Options.BinaryPacketTimeout;
        Assert.Equal(TimeSpan.FromSeconds(30), timeout);
        var (client, socketId) = await RawWebSocketClient.ConnectToMainAsync(server.WebSocketUri);
        await using var _ = client;

        await client.SendTextAsync("4" + PacketDecoderTests.TenPlaceholders);
        await client.SendBinaryAsync(Frame);
        await time.TimerCreated.Task.WaitAsync(TimeSpan.FromSeconds(10));

        time.Advance(timeout - TimeSpan.FromSeconds(1));
        Assert.False(server.App.DisconnectReasons.ContainsKey(socketId), "closed before the timeout");
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.True(await client.WaitForServerCloseAsync(TimeSpan.FromSeconds(10)), "the server kept the connection");
        await Eventually.TrueAsync(() => server.App.DisconnectReasons.ContainsKey(socketId), TimeSpan.FromSeconds(5),
            "the socket was disconnected");
        Assert.Equal(SocketDisconnectReasons.ParseError, server.App.DisconnectReasons[socketId]);
    }

    [Fact]
    public async Task A_binary_packet_completed_in_time_is_delivered_and_its_timer_does_not_close_the_connection_later()
    {
        var time = new TimerWatchingTimeProvider();
        await using var server = await SocketIOTestServer.StartAsync(timeProvider: time);
        var (client, _) = await RawWebSocketClient.ConnectToMainAsync(server.WebSocketUri);
        await using var __ = client;

        await client.SendTextAsync("451-0[\"echo\",{\"_placeholder\":true,\"num\":0}]");
        await client.SendBinaryAsync([1, 2, 3]);
        Assert.StartsWith("461-0[", await client.ReceiveTextAsync());

        time.Advance(server.Server.Options.BinaryPacketTimeout * 2);
        await client.SendTextAsync("427[\"echo\",\"still open\"]");
        Assert.Equal("437[\"still open\"]", await client.ReceiveTextAsync());
    }

    /// <summary>A fake clock that tells when the first timer is armed, so the test moves time only after that.</summary>
    private sealed class TimerWatchingTimeProvider : FakeTimeProvider
    {
        public TaskCompletionSource TimerCreated { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            TimerCreated.TrySetResult();
            return timer;
        }
    }
}
