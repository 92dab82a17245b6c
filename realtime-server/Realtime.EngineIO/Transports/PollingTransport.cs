using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Realtime.EngineIO.Protocol;

namespace Realtime.EngineIO.Transports;

/// <summary>HTTP long-polling: a long GET that receives a batch of packets, a short POST that sends some.</summary>
internal static class PollingTransport
{
    private const string PayloadContentType = "text/plain; charset=UTF-8";
    private static readonly byte[] Ok = "ok"u8.ToArray();

    private static readonly EngineMessage[] NoopPayload = [EngineMessage.Noop];

    public static Task WriteHandshakeAsync(HttpContext context, EngineMessage openPacket) =>
        WritePayloadAsync(context, new[] { openPacket });

    /// <summary>The answer to a poll of a session its client has just closed (see <see cref="ClientClosedSessions"/>).</summary>
    public static Task AnswerClosedAsync(HttpContext context) => WritePayloadAsync(context, NoopPayload);

    public static async Task PollAsync(HttpContext context, EngineConnection connection)
    {
        if (!connection.TryEnterPoll())
        {
            await EngineErrorResponse.WriteAsync(context, EngineErrorCode.BadRequest);
            connection.Fail(EngineCloseReasons.TransportError);
            return;
        }

        try
        {
            await WaitForPacketsAsync(context, connection);
            if (context.RequestAborted.IsCancellationRequested)
            {
                connection.Terminate(EngineCloseReasons.TransportClose);
                return;
            }

            if (connection.IsUpgrading)
            {
                await WritePayloadAsync(context, NoopPayload);
                return;
            }

            await WriteQueuedAsync(context, connection);
        }
        finally
        {
            connection.ExitPoll();
        }
    }

    public static async Task PostAsync(HttpContext context, EngineConnection connection)
    {
        if (!connection.TryEnterPost())
        {
            await EngineErrorResponse.WriteAsync(context, EngineErrorCode.BadRequest);
            connection.Fail(EngineCloseReasons.TransportError);
            return;
        }

        try
        {
            await ReceiveAsync(context, connection);
        }
        finally
        {
            connection.ExitPost();
        }
    }

    private static async Task WaitForPacketsAsync(HttpContext context, EngineConnection connection)
    {
        var queue = connection.Outbound;
        if (connection.IsUpgrading || queue.TryPeek(out _))
        {
            return;
        }

        // The queue's reader is woken by a message, by the close (the queue completes), by a successful probe, or
        // here by the client going away.
        connection.SetPendingPoll(true);
        using var abort = context.RequestAborted.UnsafeRegister(static state => ((OutboundQueue)state!).WakeReader(), queue);
        try
        {
            var wait = queue.WaitToReadAsync();
            // Re-checked after the wait is registered: a probe or an abort just before it found no reader to wake.
            if (connection.IsUpgrading || context.RequestAborted.IsCancellationRequested)
            {
                queue.WakeReader();
            }

            await wait;
        }
        catch (InvalidOperationException)
        {
            // A client that sent the upgrade packet before this poll was answered: the WebSocket now reads the queue.
        }
        finally
        {
            connection.SetPendingPoll(false);
        }
    }

    private static async Task WriteQueuedAsync(HttpContext context, EngineConnection connection)
    {
        var reader = connection.Outbound;
        var limit = connection.Server.Options.MaxHttpBufferSize;
        var batch = ArrayPool<EngineMessage>.Shared.Rent(Math.Min(connection.Server.Options.MaxOutboundQueue + 1, 256));
        var count = 0;
        var taken = 0;
        var closing = false;
        long charged = 0;
        try
        {
            long length = 0;
            while (count < batch.Length && reader.TryPeek(out var next))
            {
                var size = next.PollingPayload.Length + (count > 0 ? 1 : 0);
                if (count > 0 && length + size > limit)
                {
                    break;
                }

                reader.TryRead(out _);
                batch[count++] = next;
                taken = count;
                length += size;
                charged += next.Length;
                if (next.Type == EnginePacketType.Close)
                {
                    closing = true;
                    break;
                }
            }

            if (count == 0)
            {
                // Nothing queued: either the session was closed, or the poll was woken for nothing and is just renewed.
                // A client that closed the session itself gets noop, as from the reference server.
                closing = reader.IsCompleted;
                batch[count++] = closing && !connection.ClosedByClient ? EngineMessage.ClosePacket : EngineMessage.Noop;
            }

            await WritePayloadAsync(context, batch.AsMemory(0, count));
            connection.Server.Metrics.PacketsOut(count, length);
        }
        finally
        {
            reader.Release(charged);
            foreach (var message in batch.AsSpan(0, taken))
            {
                reader.Done(message);
            }

            Array.Clear(batch, 0, count);
            ArrayPool<EngineMessage>.Shared.Return(batch);
        }

        if (closing)
        {
            connection.Terminate(connection.CloseReason);
        }
    }

    private static async Task WritePayloadAsync(HttpContext context, ReadOnlyMemory<EngineMessage> messages)
    {
        var response = context.Response;
        response.ContentType = PayloadContentType;
        response.ContentLength = PollingPayload.EncodedLength(messages.Span);
        PollingPayload.Write(response.BodyWriter, messages.Span);
        await response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    private static async Task ReceiveAsync(HttpContext context, EngineConnection connection)
    {
        var limit = connection.Server.Options.MaxHttpBufferSize;
        if (string.Equals(context.Request.ContentType, "application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            // Engine.IO v4 polling carries binary as base64 text; a binary body is a client error.
            await EngineErrorResponse.WriteAsync(context, EngineErrorCode.BadRequest);
            connection.Fail(EngineCloseReasons.TransportError);
            return;
        }

        if (context.Request.ContentLength > limit)
        {
            await RejectTooLargeAsync(context, connection);
            return;
        }

        var body = context.Request.BodyReader;
        var result = await body.ReadAsync(context.RequestAborted);
        PacketOutcome outcome;
        if (result.IsCompleted && result.Buffer.Length <= limit)
        {
            // The usual POST, a few packets all there at the first read: decoded where Kestrel holds them.
            try
            {
                outcome = Dispatch(connection, result.Buffer);
            }
            finally
            {
                body.AdvanceTo(result.Buffer.End);
            }
        }
        else
        {
            // A body that takes several reads is copied out as it comes, so it is never Kestrel's per-connection
            // buffer that holds it, and past 64 KiB it waits for room in the server's byte budget.
            var received = new ReceiveBuffer(connection.Server);
            try
            {
                while (true)
                {
                    var data = result.Buffer;
                    if (received.Count + data.Length > limit)
                    {
                        body.AdvanceTo(data.End);
                        await RejectTooLargeAsync(context, connection);
                        return;
                    }

                    while (!received.Fits(received.Count + data.Length))
                    {
                        await received.ReserveForGrowthAsync(context.RequestAborted);
                        received.Grow();
                    }

                    data.CopyTo(received.Free.Span);
                    received.Advance((int)data.Length);
                    body.AdvanceTo(data.End);
                    if (result.IsCompleted || result.IsCanceled)
                    {
                        break;
                    }

                    result = await body.ReadAsync(context.RequestAborted);
                }

                outcome = Dispatch(connection, received.Data);
            }
            finally
            {
                received.Return();
            }
        }

        if (outcome == PacketOutcome.Rejected)
        {
            await EngineErrorResponse.WriteAsync(context, EngineErrorCode.BadRequest);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/html";
        context.Response.ContentLength = Ok.Length;
        await context.Response.Body.WriteAsync(Ok, context.RequestAborted);
    }

    private static PacketOutcome Dispatch(EngineConnection connection, ReadOnlySequence<byte> payload)
    {
        if (payload.IsSingleSegment)
        {
            return Dispatch(connection, payload.FirstSpan);
        }

        var length = (int)payload.Length;
        var copy = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            payload.CopyTo(copy);
            return Dispatch(connection, copy.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }

    private static PacketOutcome Dispatch(EngineConnection connection, ReadOnlySpan<byte> payload)
    {
        foreach (var range in PollingPayload.Records(payload))
        {
            var record = payload[range];
            PacketOutcome outcome;
            if (PollingPayload.IsBinaryRecord(record))
            {
                outcome = PollingPayload.TryDecodeBinaryRecord(record, out var data)
                    ? connection.HandleBinaryMessage(data)
                    : connection.Fail(EngineCloseReasons.ParseError);
            }
            else
            {
                outcome = connection.HandleTextPacket(record);
            }

            if (outcome != PacketOutcome.Accepted)
            {
                return outcome;
            }
        }

        return PacketOutcome.Accepted;
    }

    private static async Task RejectTooLargeAsync(HttpContext context, EngineConnection connection)
    {
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        context.Response.Headers.Connection = "close";
        connection.Fail(EngineCloseReasons.TransportError);
        await context.Response.CompleteAsync();
    }
}
