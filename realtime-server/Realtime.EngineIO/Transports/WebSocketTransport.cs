using System.Buffers;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Realtime.EngineIO.Protocol;
using Realtime.EngineIO.Transports.Lean;

namespace Realtime.EngineIO.Transports;

/// <summary>
/// The WebSocket transport: one Engine.IO packet per frame, one writer loop draining the connection's queue, and a
/// read loop that waits with a zero-byte read so an idle connection holds no receive buffer.
/// </summary>
internal static class WebSocketTransport
{
    private const int BatchBuffer = 64 * 1024;
    private const int MaxFrameHeader = 10;
    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(1);

    // Engine.IO has its own heartbeat; WebSocket-level keep-alive pings would only cost a timer per connection.
    private static readonly WebSocketAcceptContext AcceptContext = new() { KeepAliveInterval = TimeSpan.Zero };

    private static readonly byte[] ProbePing = "2probe"u8.ToArray();
    private static readonly byte[] UpgradePacket = "5"u8.ToArray();

    /// <summary>Middleware in front of the WebSocket middleware: the upgraded stream is one our writer can batch on.</summary>
    public static Task WrapUpgrade(HttpContext context, RequestDelegate next)
    {
        if (context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true } upgrade)
        {
            context.Features.Set<IHttpUpgradeFeature>(new SerializedUpgradeFeature(upgrade));
        }

        return next(context);
    }

    /// <summary>
    /// Accepts the WebSocket and serves the session on it: a new session (<paramref name="openPacket"/> given, for
    /// <c>transport=websocket</c> without a sid) starts with its open packet, an existing polling session first
    /// completes the probe and upgrade.
    /// </summary>
    public static async Task RunAsync(HttpContext context, EngineConnection connection, EngineMessage? openPacket)
    {
        WebSocket webSocket;
        try
        {
            webSocket = await context.WebSockets.AcceptWebSocketAsync(AcceptContext);
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or IOException)
        {
            FailBeforeServing(connection, openPacket);
            return;
        }

        var upgradedStream = (context.Features.Get<IHttpUpgradeFeature>() as SerializedUpgradeFeature)?.Stream;
        await ServeAsync(connection, webSocket, upgradedStream, openPacket);
    }

    /// <summary>The WebSocket handshake failed: a probing session stays on polling, a new one is closed.</summary>
    public static void FailBeforeServing(EngineConnection connection, EngineMessage? openPacket)
    {
        if (openPacket is null)
        {
            connection.AbortUpgrade();
        }
        else
        {
            connection.Terminate(EngineCloseReasons.TransportError);
        }
    }

    /// <summary>
    /// Serves the session on an accepted WebSocket, whichever path accepted it; <paramref name="upgradedStream"/> is
    /// the stream under it when the writer may batch frames onto it. One method for the whole session, because its
    /// frame lives as long as the connection.
    /// </summary>
    public static async Task ServeAsync(EngineConnection connection, WebSocket webSocket,
        SerializedUpgradeStream? upgradedStream, EngineMessage? openPacket)
    {
        using (webSocket)
        {
            if (openPacket is not null)
            {
                try
                {
                    await webSocket.SendAsync(openPacket.WebSocketPayload, WebSocketMessageType.Text, true,
                        connection.ClosedToken);
                }
                catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or IOException)
                {
                    FailBeforeServing(connection, openPacket);
                    return;
                }

                connection.DispatchOpen();
                connection.Start();
            }
            else if (await ProbeAsync(connection, webSocket))
            {
                EngineLog.Upgraded(connection.Server.Logger, connection.Id);
            }
            else
            {
                connection.AbortUpgrade();
                await CloseQuietlyAsync(webSocket, WebSocketCloseStatus.NormalClosure);
                return;
            }

            var readLoop = ReadLoopAsync(connection, webSocket);
            var closedByServer = upgradedStream is null
                ? await WriteLoopAsync(connection, webSocket)
                : await BatchingWriteLoopAsync(connection, webSocket, upgradedStream);
            if (closedByServer)
            {
                // The server sent its close frame: give the client a moment to answer it, so the connection ends
                // with a complete close handshake instead of a reset that could swallow the close frame.
                try
                {
                    await readLoop.WaitAsync(CloseHandshakeTimeout);
                }
                catch (TimeoutException)
                {
                    // The client did not answer the close frame; the socket is dropped below.
                }

                connection.Terminate(connection.CloseReason);
            }

            await readLoop;
        }
    }

    /// <summary>Completes the WebSocket handshake of a request the session cannot take, then closes the socket.</summary>
    public static async Task AcceptAndCloseAsync(HttpContext context)
    {
        try
        {
            using var webSocket = await context.WebSockets.AcceptWebSocketAsync(AcceptContext);
            await CloseQuietlyAsync(webSocket, WebSocketCloseStatus.NormalClosure);
            await DrainUntilCloseAsync(webSocket);
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or IOException)
        {
            // The client went away first.
        }
    }

    /// <summary><c>2probe</c> → <c>3probe</c>, then <c>5</c> switches the session; anything else aborts the upgrade.</summary>
    private static async Task<bool> ProbeAsync(EngineConnection connection, WebSocket webSocket)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(connection.ClosedToken);
        timeout.CancelAfter(connection.Server.Options.UpgradeTimeout);
        // A cancelled receive aborts the socket at once, so the client can be back on polling before this method
        // returns: the session must already be out of the upgrade by then, or its next poll is answered noop.
        using var abortOnTimeout = timeout.Token.UnsafeRegister(static state => ((EngineConnection)state!).AbortUpgrade(), connection);
        try
        {
            while (true)
            {
                using var frame = await ReceiveAsync(webSocket, connection.Server, timeout.Token);
                if (frame.Kind != FrameKind.Text)
                {
                    return false;
                }

                if (frame.Data.SequenceEqual(ProbePing) && !connection.IsUpgrading)
                {
                    await webSocket.SendAsync(EngineMessage.ProbePong.WebSocketPayload, WebSocketMessageType.Text, true,
                        timeout.Token);
                    connection.MarkProbed();
                }
                else if (frame.Data.SequenceEqual(UpgradePacket) && connection.IsUpgrading && connection.IsOpen)
                {
                    return connection.TryCompleteUpgrade();
                }
                else
                {
                    return false;
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException or IOException)
        {
            return false;
        }
    }

    private static async Task ReadLoopAsync(EngineConnection connection, WebSocket webSocket)
    {
        var server = connection.Server;
        var token = connection.ClosedToken;
        try
        {
            while (true)
            {
                // A zero-byte read waits for the next frame without holding a buffer while the connection is idle.
                var first = await webSocket.ReceiveAsync(Memory<byte>.Empty, token);
                using var frame = await ReceiveRestAsync(webSocket, first, server, token);
                var outcome = frame.Kind switch
                {
                    FrameKind.Text => connection.HandleTextPacket(frame.Data),
                    FrameKind.Binary => connection.HandleBinaryMessage(frame.Data.ToArray()),
                    FrameKind.TooBig => await RejectTooBigAsync(connection, webSocket),
                    _ => await AcknowledgeCloseAsync(connection, webSocket),
                };
                if (outcome != PacketOutcome.Accepted)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The connection was terminated.
        }
        catch (Exception exception) when (exception is WebSocketException or IOException)
        {
            connection.Terminate(EngineCloseReasons.TransportClose);
        }
    }

    /// <summary>Drains the queue onto the socket; true when it ended by sending the close frame of a graceful close.</summary>
    private static async Task<bool> WriteLoopAsync(EngineConnection connection, WebSocket webSocket)
    {
        var reader = connection.Outbound;
        var token = connection.WritesAbandonedToken;
        var metrics = connection.Server.Metrics;
        try
        {
            while (await reader.WaitToReadAsync())
            {
                var packets = 0;
                long bytes = 0;
                while (reader.TryRead(out var message))
                {
                    if (message.Type == EnginePacketType.Close)
                    {
                        reader.Done(message);
                        metrics.PacketsOut(packets, bytes);
                        await CloseQuietlyAsync(webSocket, CloseStatusFor(connection.CloseReason), connection.CloseReason);
                        return true;
                    }

                    try
                    {
                        await webSocket.SendAsync(message.WebSocketPayload,
                            message.IsBinary ? WebSocketMessageType.Binary : WebSocketMessageType.Text,
                            WebSocketMessageFlags.EndOfMessage, token);
                    }
                    finally
                    {
                        reader.Done(message);
                    }

                    reader.Release(message.Length);
                    packets++;
                    bytes += message.Length;
                }

                metrics.PacketsOut(packets, bytes);
            }
        }
        catch (OperationCanceledException)
        {
            // Terminated, or dropped as a slow consumer mid-send (which aborts the WebSocket: no close frame then).
            connection.Terminate(connection.CloseReason);
        }
        catch (Exception exception) when (exception is WebSocketException or IOException)
        {
            connection.Terminate(EngineCloseReasons.TransportClose);
        }

        return false;
    }

    /// <summary>
    /// Like <see cref="WriteLoopAsync"/>, but frames every message that is already queued into one buffer and writes
    /// it at once: one flush and one send for a burst instead of one per message. Server frames are unmasked, so a
    /// frame is a small header plus the shared encoded bytes.
    /// </summary>
    private static async Task<bool> BatchingWriteLoopAsync(EngineConnection connection, WebSocket webSocket,
        SerializedUpgradeStream stream)
    {
        while (true)
        {
            try
            {
                return await DrainBatchedAsync(connection, webSocket, stream);
            }
            catch (OperationCanceledException) when (!connection.ClosedToken.IsCancellationRequested && !stream.IsFrameTruncated)
            {
                // Dropped as a slow consumer while a write waited for the client: the frames written are whole and the
                // queue now holds only the close packet, so the client still gets a close frame after them.
            }
            catch (OperationCanceledException)
            {
                // Terminated, or dropped in the middle of a frame, after which no close frame can be framed.
                connection.Terminate(connection.CloseReason);
                return false;
            }
            catch (Exception exception) when (exception is WebSocketException or IOException or ObjectDisposedException)
            {
                connection.Terminate(EngineCloseReasons.TransportClose);
                return false;
            }
        }
    }

    private static async Task<bool> DrainBatchedAsync(EngineConnection connection, WebSocket webSocket,
        SerializedUpgradeStream stream)
    {
        var queue = connection.Outbound;
        var token = connection.WritesAbandonedToken;
        var metrics = connection.Server.Metrics;
        while (await queue.WaitToReadAsync())
        {
            while (true)
            {
                if (TryTakeLarge(queue) is { } large)
                {
                    var header = new byte[MaxFrameHeader];
                    var headerLength = WriteFrameHeader(header, large.IsBinary, large.Length);
                    try
                    {
                        await stream.WriteSlicedAsync(header.AsMemory(0, headerLength), large.WebSocketPayload,
                            BatchBuffer, token);
                    }
                    finally
                    {
                        queue.Done(large);
                    }

                    queue.Release(large.Length);
                    metrics.PacketsOut(1, large.Length);
                    continue;
                }

                var batch = FillBatch(queue, out var used, out var packets, out var bytes, out var closing);
                if (batch is not null)
                {
                    try
                    {
                        await stream.WriteAsync(batch.AsMemory(0, used), token);
                    }
                    finally
                    {
                        ArrayPool<byte>.Shared.Return(batch);
                    }

                    queue.Release(bytes);
                    metrics.PacketsOut(packets, bytes);
                }

                if (closing)
                {
                    await CloseQuietlyAsync(webSocket, CloseStatusFor(connection.CloseReason), connection.CloseReason);
                    return true;
                }

                if (batch is null)
                {
                    break;
                }
            }
        }

        return false;
    }

    /// <summary>A slow consumer is told why in the close frame (1008, policy violation); other closes are normal.</summary>
    private static WebSocketCloseStatus CloseStatusFor(string reason) =>
        reason == EngineCloseReasons.SlowConsumer ? WebSocketCloseStatus.PolicyViolation : WebSocketCloseStatus.NormalClosure;

    /// <summary>The next message when it does not fit a batch: it is written from its own bytes, slice by slice.</summary>
    private static EngineMessage? TryTakeLarge(OutboundQueue queue)
    {
        if (!queue.TryPeek(out var next) || next.Type == EnginePacketType.Close || MaxFrameHeader + next.Length <= BatchBuffer)
        {
            return null;
        }

        queue.TryRead(out _);
        return next;
    }

    /// <summary>Frames queued messages into a pooled buffer (null when none); stops at the close packet and before a large one.</summary>
    private static byte[]? FillBatch(OutboundQueue queue, out int used, out int packets, out long bytes, out bool closing)
    {
        byte[]? batch = null;
        used = 0;
        packets = 0;
        bytes = 0;
        closing = false;
        while (queue.TryPeek(out var message))
        {
            if (message.Type == EnginePacketType.Close)
            {
                queue.TryRead(out _);
                queue.Done(message);
                closing = true;
                break;
            }

            var frameLength = MaxFrameHeader + message.Length;
            if (frameLength > BatchBuffer || (batch is not null && used + frameLength > batch.Length))
            {
                break;
            }

            batch ??= ArrayPool<byte>.Shared.Rent(BatchBuffer);
            queue.TryRead(out _);
            var frame = batch.AsSpan(used);
            var header = WriteFrameHeader(frame, message.IsBinary, message.Length);
            message.WebSocketPayload.Span.CopyTo(frame[header..]);
            queue.Done(message);
            used += header + message.Length;
            packets++;
            bytes += message.Length;
        }

        return batch;
    }

    /// <summary>RFC 6455 header of an unmasked, final, uncompressed text or binary frame.</summary>
    internal static int WriteFrameHeader(Span<byte> destination, bool binary, int length) =>
        FrameHeader.WriteUnmasked(destination, true, binary ? FrameOpcode.Binary : FrameOpcode.Text, length);

    private static async Task<PacketOutcome> RejectTooBigAsync(EngineConnection connection, WebSocket webSocket)
    {
        await CloseQuietlyAsync(webSocket, WebSocketCloseStatus.MessageTooBig);
        var outcome = connection.Fail(EngineCloseReasons.TransportError);
        await DrainUntilCloseAsync(webSocket);
        return outcome;
    }

    private static async Task<PacketOutcome> AcknowledgeCloseAsync(EngineConnection connection, WebSocket webSocket)
    {
        await CloseQuietlyAsync(webSocket, WebSocketCloseStatus.NormalClosure);
        connection.Terminate(EngineCloseReasons.TransportClose);
        return PacketOutcome.Closed;
    }

    /// <summary>Discards what the client still sends until its close frame, so the close frame sent is not lost to a reset.</summary>
    private static async Task DrainUntilCloseAsync(WebSocket webSocket)
    {
        using var timeout = new CancellationTokenSource(CloseHandshakeTimeout);
        var buffer = ArrayPool<byte>.Shared.Rent(ReceiveBuffer.InitialLength);
        try
        {
            while ((await webSocket.ReceiveAsync(buffer.AsMemory(), timeout.Token)).MessageType !=
                   WebSocketMessageType.Close)
            {
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException or IOException)
        {
            // The client went away or did not answer in time: the socket is dropped either way.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task CloseQuietlyAsync(WebSocket webSocket, WebSocketCloseStatus status, string? description = null)
    {
        if (webSocket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        using var timeout = new CancellationTokenSource(CloseHandshakeTimeout);
        try
        {
            await webSocket.CloseOutputAsync(status, description, timeout.Token);
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException or IOException
                                              or ObjectDisposedException)
        {
            webSocket.Abort();
        }
    }

    /// <summary>Reads one whole message into a pooled buffer, growing it up to the limit.</summary>
    private static async ValueTask<InboundFrame> ReceiveAsync(WebSocket webSocket, EngineServer server,
        CancellationToken token) =>
        await ReceiveRestAsync(webSocket, await webSocket.ReceiveAsync(Memory<byte>.Empty, token), server, token);

    /// <summary>
    /// Reads the rest of the message whose arrival a zero-byte read announced into a <see cref="ReceiveBuffer"/>, which
    /// waits for the server's budget before it grows past 64 KiB.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private static async ValueTask<InboundFrame> ReceiveRestAsync(WebSocket webSocket, ValueWebSocketReceiveResult first,
        EngineServer server, CancellationToken token)
    {
        if (first.MessageType == WebSocketMessageType.Close)
        {
            return new InboundFrame(FrameKind.Closed, null);
        }

        var kind = first.MessageType == WebSocketMessageType.Binary ? FrameKind.Binary : FrameKind.Text;
        if (first.EndOfMessage)
        {
            return new InboundFrame(kind, null);
        }

        var limit = server.Options.MaxHttpBufferSize;
        var received = new ReceiveBuffer(server);
        try
        {
            while (true)
            {
                if (!received.Fits(received.Count + 1L))
                {
                    await received.ReserveForGrowthAsync(token);
                    received.Grow();
                }

                var result = await webSocket.ReceiveAsync(received.Free, token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    received.Return();
                    return new InboundFrame(FrameKind.Closed, null);
                }

                received.Advance(result.Count);
                if (received.Count > limit)
                {
                    received.Return();
                    return new InboundFrame(FrameKind.TooBig, null);
                }

                if (result.EndOfMessage)
                {
                    return new InboundFrame(kind, received);
                }
            }
        }
        catch
        {
            received.Return();
            throw;
        }
    }

    private enum FrameKind
    {
        Text,
        Binary,
        TooBig,
        Closed,
    }

    /// <summary>A received message whose buffer (none for an empty or a refused one) goes back on dispose.</summary>
    private readonly struct InboundFrame(FrameKind kind, ReceiveBuffer? received) : IDisposable
    {
        public FrameKind Kind => kind;

        public ReadOnlySpan<byte> Data => received is { } buffer ? buffer.Data : [];

        public void Dispose() => received?.Return();
    }
}
