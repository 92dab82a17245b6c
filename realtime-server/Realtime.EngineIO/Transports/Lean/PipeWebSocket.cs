using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net.WebSockets;
using System.Text;

namespace Realtime.EngineIO.Transports.Lean;

/// <summary>
/// The server side of RFC 6455 read straight from the connection's pipe: no HTTP request, response or upgrade
/// stream stays alive behind it. Client frames must be masked (section 5.1); control frames are answered here (a
/// ping gets its pong, section 5.5.2) and may come between the fragments of a message (section 5.4); a text message
/// must be UTF-8 (section 8.1). Input that breaks these rules gets a close frame with 1002 or 1007 and a
/// <see cref="WebSocketException"/>, as <c>ManagedWebSocket</c> does, so one transport serves both paths. Writes go
/// through the <see cref="SerializedUpgradeStream"/> that the transport's batching writer also uses.
/// </summary>
internal sealed class PipeWebSocket(PipeReader input, SerializedUpgradeStream output, Action abort) : WebSocket
{
    private const int MaxControlPayload = 125;
    private static readonly TimeSpan FailureCloseTimeout = TimeSpan.FromSeconds(1);

    private int _state = (int)WebSocketState.Open;
    private WebSocketCloseStatus? _closeStatus;
    private string? _closeDescription;

    // The data frame being read: its payload bytes not yet returned, how far into it we are, its key and FIN bit.
    private bool _inFrame;
    private long _payloadRemaining;
    private long _payloadOffset;
    private uint _maskKey;
    private bool _fin;

    // The message being read: a fragmented one continues until a frame with FIN.
    private bool _inMessage;
    private WebSocketMessageType _messageType;
    private Utf8StreamValidator _utf8;
    private bool _sendContinues;

    public override WebSocketCloseStatus? CloseStatus => _closeStatus;

    public override string? CloseStatusDescription => _closeDescription;

    public override WebSocketState State => (WebSocketState)Volatile.Read(ref _state);

    public override string? SubProtocol => null;

    public override void Abort()
    {
        Volatile.Write(ref _state, (int)WebSocketState.Aborted);
        abort();
    }

    public override async Task CloseAsync(WebSocketCloseStatus closeStatus, string? statusDescription,
        CancellationToken cancellationToken)
    {
        await CloseOutputAsync(closeStatus, statusDescription, cancellationToken);
        var buffer = new byte[MaxControlPayload];
        while (State == WebSocketState.CloseSent &&
               (await ReceiveAsync(buffer.AsMemory(), cancellationToken)).MessageType != WebSocketMessageType.Close)
        {
        }
    }

    public override async Task CloseOutputAsync(WebSocketCloseStatus closeStatus, string? statusDescription,
        CancellationToken cancellationToken)
    {
        var state = State;
        if (state is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        await WriteCloseFrameAsync(closeStatus, statusDescription, cancellationToken);
        Transition(state == WebSocketState.Open ? WebSocketState.CloseSent : WebSocketState.Closed);
    }

    public override void Dispose()
    {
        if (State is not (WebSocketState.Closed or WebSocketState.Aborted))
        {
            Volatile.Write(ref _state, (int)WebSocketState.Closed);
        }
    }

    public override async Task<WebSocketReceiveResult> ReceiveAsync(ArraySegment<byte> buffer,
        CancellationToken cancellationToken)
    {
        var result = await ReceiveAsync(buffer.AsMemory(), cancellationToken);
        return new WebSocketReceiveResult(result.Count, result.MessageType, result.EndOfMessage, _closeStatus,
            _closeDescription);
    }

    public override Task SendAsync(ArraySegment<byte> buffer, WebSocketMessageType messageType, bool endOfMessage,
        CancellationToken cancellationToken) =>
        SendAsync(buffer.AsMemory(), messageType,
            endOfMessage ? WebSocketMessageFlags.EndOfMessage : WebSocketMessageFlags.None, cancellationToken).AsTask();

    public override ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType,
        bool endOfMessage, CancellationToken cancellationToken) =>
        SendAsync(buffer, messageType, endOfMessage ? WebSocketMessageFlags.EndOfMessage : WebSocketMessageFlags.None,
            cancellationToken);

    public override async ValueTask SendAsync(ReadOnlyMemory<byte> buffer, WebSocketMessageType messageType,
        WebSocketMessageFlags messageFlags, CancellationToken cancellationToken)
    {
        if (State is not (WebSocketState.Open or WebSocketState.CloseReceived) || messageType == WebSocketMessageType.Close)
        {
            throw new WebSocketException(WebSocketError.InvalidState);
        }

        var fin = (messageFlags & WebSocketMessageFlags.EndOfMessage) != 0;
        var opcode = _sendContinues ? FrameOpcode.Continuation
            : messageType == WebSocketMessageType.Text ? FrameOpcode.Text : FrameOpcode.Binary;
        _sendContinues = !fin;
        await WriteFrameAsync(fin, opcode, buffer, cancellationToken);
    }

    /// <summary>
    /// Returns the next bytes of the current message. With an empty <paramref name="buffer"/> it waits for the next
    /// data frame's header only, so an idle connection holds no buffer while it waits.
    /// </summary>
    public override async ValueTask<ValueWebSocketReceiveResult> ReceiveAsync(Memory<byte> buffer,
        CancellationToken cancellationToken)
    {
        if (State is not (WebSocketState.Open or WebSocketState.CloseSent))
        {
            throw new WebSocketException(WebSocketError.InvalidState);
        }

        while (!_inFrame)
        {
            var header = await ReadHeaderAsync(cancellationToken);
            if (header.IsControl)
            {
                if (await HandleControlFrameAsync(header, cancellationToken))
                {
                    return new ValueWebSocketReceiveResult(0, WebSocketMessageType.Close, true);
                }

                continue;
            }

            if ((header.Opcode == FrameOpcode.Continuation) != _inMessage)
            {
                throw await FailAsync(WebSocketCloseStatus.ProtocolError,
                    _inMessage ? "A new message began inside a fragmented one" : "A continuation frame began a message");
            }

            if (!_inMessage)
            {
                _messageType = header.Opcode == FrameOpcode.Text ? WebSocketMessageType.Text : WebSocketMessageType.Binary;
                _utf8 = default;
            }

            _inMessage = !header.Fin;
            _fin = header.Fin;
            _maskKey = header.MaskKey;
            _payloadOffset = 0;
            _payloadRemaining = header.PayloadLength;
            _inFrame = header.PayloadLength > 0;
            if (!_inFrame && header.Fin)
            {
                return await EndEmptyFrameAsync();
            }

            if (buffer.IsEmpty)
            {
                return new ValueWebSocketReceiveResult(0, _messageType, false);
            }
        }

        if (buffer.IsEmpty)
        {
            return new ValueWebSocketReceiveResult(0, _messageType, false);
        }

        var read = await ReadAsync(cancellationToken);
        var available = read.Buffer;
        var count = (int)Math.Min(Math.Min(available.Length, _payloadRemaining), buffer.Length);
        available.Slice(0, count).CopyTo(buffer.Span);
        input.AdvanceTo(available.GetPosition(count));
        var payload = buffer.Span[..count];
        FrameMask.Apply(payload, _maskKey, _payloadOffset);
        _payloadOffset += count;
        _payloadRemaining -= count;
        _inFrame = _payloadRemaining > 0;
        var endOfMessage = !_inFrame && _fin;
        if (_messageType == WebSocketMessageType.Text &&
            (!_utf8.Append(payload) || (endOfMessage && !_utf8.IsComplete)))
        {
            throw await FailAsync(WebSocketCloseStatus.InvalidPayloadData, "Text message is not UTF-8");
        }

        return new ValueWebSocketReceiveResult(count, _messageType, endOfMessage);
    }

    private async ValueTask<ValueWebSocketReceiveResult> EndEmptyFrameAsync()
    {
        if (_messageType == WebSocketMessageType.Text && !_utf8.IsComplete)
        {
            throw await FailAsync(WebSocketCloseStatus.InvalidPayloadData, "Text message is not UTF-8");
        }

        return new ValueWebSocketReceiveResult(0, _messageType, true);
    }

    /// <summary>Waits until at least one byte is buffered; an ended connection before the frame is complete is an error.</summary>
    private async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken)
    {
        var result = await input.ReadAsync(cancellationToken);
        if (result.Buffer.IsEmpty && (result.IsCompleted || result.IsCanceled))
        {
            input.AdvanceTo(result.Buffer.End);
            throw ConnectionEnded(result);
        }

        return result;
    }

    private async ValueTask<FrameHeader> ReadHeaderAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await input.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (FrameHeader.TryRead(buffer, out var header, out var length))
            {
                input.AdvanceTo(buffer.GetPosition(length));
                return await CheckAsync(header);
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                throw ConnectionEnded(result);
            }
        }
    }

    /// <summary>The rules of RFC 6455 sections 5.1, 5.2 and 5.5 a header can break on its own.</summary>
    private async ValueTask<FrameHeader> CheckAsync(FrameHeader header)
    {
        var problem = header switch
        {
            { ReservedBits: not 0 } => "Reserved bits set without an extension",
            { Masked: false } => "Client frames must be masked",
            { PayloadLength: < 0 } => "Payload length has its most significant bit set",
            { Opcode: not (FrameOpcode.Continuation or FrameOpcode.Text or FrameOpcode.Binary or FrameOpcode.Close
                or FrameOpcode.Ping or FrameOpcode.Pong) } => "Unknown opcode",
            { IsControl: true, Fin: false } => "Control frames must not be fragmented",
            { IsControl: true, PayloadLength: > MaxControlPayload } => "Control frame payload over 125 bytes",
            _ => null,
        };
        return problem is null ? header : throw await FailAsync(WebSocketCloseStatus.ProtocolError, problem);
    }

    /// <summary>Answers a ping, ignores a pong; true for a close frame, whose status is then known.</summary>
    private async ValueTask<bool> HandleControlFrameAsync(FrameHeader header, CancellationToken cancellationToken)
    {
        var length = (int)header.PayloadLength;
        var payload = new byte[length];
        // An empty payload (ws's close() sends its close frame so) must not wait for bytes: none may follow it.
        while (length > 0)
        {
            var result = await input.ReadAsync(cancellationToken);
            var buffer = result.Buffer;
            if (buffer.Length >= length)
            {
                buffer.Slice(0, length).CopyTo(payload);
                input.AdvanceTo(buffer.GetPosition(length));
                break;
            }

            input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted || result.IsCanceled)
            {
                throw ConnectionEnded(result);
            }
        }

        FrameMask.Apply(payload, header.MaskKey, 0);
        switch (header.Opcode)
        {
            case FrameOpcode.Ping:
                if (State == WebSocketState.Open)
                {
                    await WriteFrameAsync(true, FrameOpcode.Pong, payload, cancellationToken);
                }

                return false;
            case FrameOpcode.Pong:
                return false;
            default:
                await ReceiveCloseAsync(payload);
                return true;
        }
    }

    /// <summary>Section 5.5.1 and 7.4: a status code of a defined range, then an optional UTF-8 reason.</summary>
    private async ValueTask ReceiveCloseAsync(byte[] payload)
    {
        if (payload.Length == 1)
        {
            throw await FailAsync(WebSocketCloseStatus.ProtocolError, "Close frame with a one-byte payload");
        }

        if (payload.Length >= 2)
        {
            var code = BinaryPrimitives.ReadUInt16BigEndian(payload);
            if (!IsValidCloseCode(code))
            {
                throw await FailAsync(WebSocketCloseStatus.ProtocolError, "Close frame with an invalid status code");
            }

            var validator = default(Utf8StreamValidator);
            if (!validator.Append(payload.AsSpan(2)) || !validator.IsComplete)
            {
                throw await FailAsync(WebSocketCloseStatus.InvalidPayloadData, "Close reason is not UTF-8");
            }

            _closeStatus = (WebSocketCloseStatus)code;
            _closeDescription = Encoding.UTF8.GetString(payload.AsSpan(2));
        }
        else
        {
            _closeStatus = WebSocketCloseStatus.Empty;
        }

        Transition(State == WebSocketState.CloseSent ? WebSocketState.Closed : WebSocketState.CloseReceived);
    }

    /// <summary>Codes an endpoint may send (section 7.4.1; 1004-1006 and 1015 are reserved, 1016-2999 unassigned).</summary>
    private static bool IsValidCloseCode(int code) => code is (>= 1000 and <= 1003) or (>= 1007 and <= 1014) or (>= 3000 and <= 4999);

    /// <summary>Tells the client why in a close frame (best effort, briefly) and gives the exception to throw.</summary>
    private async ValueTask<WebSocketException> FailAsync(WebSocketCloseStatus status, string reason)
    {
        if (State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            using var timeout = new CancellationTokenSource(FailureCloseTimeout);
            try
            {
                await WriteCloseFrameAsync(status, reason, timeout.Token);
            }
            catch (Exception exception) when (exception is OperationCanceledException or IOException
                                                  or ObjectDisposedException or InvalidOperationException)
            {
                // The client is not reading; it is dropped either way.
            }
        }

        Volatile.Write(ref _state, (int)WebSocketState.Aborted);
        return new WebSocketException(status == WebSocketCloseStatus.InvalidPayloadData
            ? WebSocketError.Faulted
            : WebSocketError.HeaderError, reason);
    }

    private static WebSocketException ConnectionEnded(ReadResult result) => result.IsCanceled
        ? throw new OperationCanceledException()
        : new WebSocketException(WebSocketError.ConnectionClosedPrematurely);

    private Task WriteCloseFrameAsync(WebSocketCloseStatus status, string? description,
        CancellationToken cancellationToken)
    {
        var payload = new byte[MaxControlPayload];
        BinaryPrimitives.WriteUInt16BigEndian(payload, (ushort)status);
        var length = 2;
        if (!string.IsNullOrEmpty(description))
        {
            length += Utf8Prefix(description, payload.AsSpan(2));
        }

        return WriteFrameAsync(true, FrameOpcode.Close, payload.AsMemory(0, length), cancellationToken).AsTask();
    }

    /// <summary>As much of <paramref name="text"/> as fits, cut only between characters.</summary>
    private static int Utf8Prefix(string text, Span<byte> destination)
    {
        var written = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (!rune.TryEncodeToUtf8(destination[written..], out var length))
            {
                break;
            }

            written += length;
        }

        return written;
    }

    private async ValueTask WriteFrameAsync(bool fin, FrameOpcode opcode, ReadOnlyMemory<byte> payload,
        CancellationToken cancellationToken)
    {
        var frame = ArrayPool<byte>.Shared.Rent(FrameHeader.MaxLength + payload.Length);
        try
        {
            var header = FrameHeader.WriteUnmasked(frame, fin, opcode, payload.Length);
            payload.Span.CopyTo(frame.AsSpan(header));
            await output.WriteAsync(frame.AsMemory(0, header + payload.Length), cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame);
        }
    }

    private void Transition(WebSocketState next)
    {
        var current = Volatile.Read(ref _state);
        while (current is (int)WebSocketState.Open or (int)WebSocketState.CloseSent or (int)WebSocketState.CloseReceived)
        {
            var target = next == WebSocketState.Closed || (current != (int)WebSocketState.Open && current != (int)next)
                ? WebSocketState.Closed
                : next;
            var seen = Interlocked.CompareExchange(ref _state, (int)target, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
