using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;

namespace Realtime.Bench;

/// <summary>
/// One Socket.IO client on a raw WebSocket (Engine.IO v4 / Socket.IO v5 text frames, no polling, no library):
/// cheap enough that a thousand of them do not make the load generator the bottleneck. Connection state recovery as
/// socket.io-client 4.6+ speaks it: the CONNECT reply's <c>pid</c> is kept, the last data element of every event (a
/// string) becomes the offset, and <see cref="ConnectAsync"/> with a <see cref="RecoveryToken"/> sends both back.
/// </summary>
public sealed class BenchClient : IAsyncDisposable
{
    /// <summary>The event the publishers emit; its payload starts with the send timestamp.</summary>
    public const string BenchEvent = "bench";

    private static readonly byte[] TimestampMarker = "{\"t\":"u8.ToArray();
    private static readonly byte[] SequenceMarker = ",\"s\":"u8.ToArray();
    private static readonly byte[] BenchPrefix = Encoding.UTF8.GetBytes($"42[\"{BenchEvent}\",");
    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly LatencyHistogram? _latencies;
    private readonly Action<long>? _onSequence;
    private readonly TaskCompletionSource<long> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource<string>? _pendingAck;
    private Task? _receiveLoop;
    private long _received;
    private string? _pid;
    private string? _lastOffset;

    private BenchClient(LatencyHistogram? latencies, Action<long>? onSequence)
    {
        _latencies = latencies;
        _onSequence = onSequence;
        _socket.Options.KeepAliveInterval = TimeSpan.Zero;
    }

    /// <summary>Bench events this client received.</summary>
    public long Received => Interlocked.Read(ref _received);

    public bool IsOpen => _socket.State == WebSocketState.Open;

    /// <summary>The Socket.IO id from the CONNECT reply (<c>sid</c>).</summary>
    public string SocketId { get; private set; } = "";

    /// <summary>Whether the server restored the session of the token given to <see cref="ConnectAsync"/> (socket.recovered).</summary>
    public bool Recovered { get; private set; }

    /// <summary>What a reconnect needs to recover this session; null when the server does not offer recovery.</summary>
    public RecoveryToken? Token => _pid is null ? null : new RecoveryToken(_pid, Volatile.Read(ref _lastOffset));

    /// <summary>Completes with the <see cref="Stopwatch"/> timestamp at which the connection ended.</summary>
    public Task<long> Closed => _closed.Task;

    /// <summary>Connects, completes the Engine.IO and Socket.IO handshakes and starts reading.</summary>
    /// <param name="resume">The token of an earlier connection, sent in the CONNECT packet as socket.io-client does.</param>
    /// <param name="onSequence">Called with the <c>s</c> field of each bench event that has one.</param>
    public static async Task<BenchClient> ConnectAsync(Uri server, LatencyHistogram? latencies, CancellationToken cancellation,
        RecoveryToken? resume = null, Action<long>? onSequence = null)
    {
        var client = new BenchClient(latencies, onSequence);
        try
        {
            var ws = new UriBuilder(server) { Scheme = server.Scheme == "https" ? "wss" : "ws", Path = "/socket.io/", Query = "EIO=4&transport=websocket" };
            await client._socket.ConnectAsync(ws.Uri, cancellation);
            var open = await client.ReceiveTextAsync(cancellation);
            if (!open.StartsWith('0'))
            {
                throw new InvalidOperationException($"expected an Engine.IO open packet, got '{open}'");
            }

            await client.SendTextAsync(ConnectPacket(resume), cancellation);
            // Node's server replays a recovered socket's missed events before its CONNECT reply; socket.io-client
            // buffers them and handles them once connected, and so does this client.
            var early = new List<string>();
            while (true)
            {
                var reply = await client.ReceiveTextAsync(cancellation);
                if (reply.StartsWith("40", StringComparison.Ordinal))
                {
                    client.OnConnected(reply[2..], resume);
                    break;
                }

                if (reply.StartsWith("42", StringComparison.Ordinal))
                {
                    early.Add(reply);
                    continue;
                }

                if (reply.StartsWith("44", StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"the server refused the Socket.IO CONNECT: '{reply}'");
                }

                if (reply != "2" && !reply.StartsWith('6'))
                {
                    throw new InvalidOperationException($"expected a Socket.IO CONNECT reply, got '{reply}'");
                }
            }

            foreach (var frame in early)
            {
                await client.OnFrameAsync(Encoding.UTF8.GetBytes(frame));
            }

            client._receiveLoop = Task.Run(client.ReceiveLoopAsync, CancellationToken.None);
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    /// <summary>Joins a room through the app contract's <c>join</c> event and waits for its ack.</summary>
    public async Task JoinAsync(string room, CancellationToken cancellation)
    {
        var ack = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pendingAck = ack;
        await SendTextAsync($"421[\"join\",{JsonString(room)}]", cancellation);
        var reply = await ack.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellation);
        if (!reply.Contains("\"ok\":true", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"join '{room}' was refused: {reply}");
        }
    }

    /// <summary>The Socket.IO CONNECT packet: with a token, <c>{pid, offset}</c> as socket.io-client's _sendConnectPacket.</summary>
    public static string ConnectPacket(RecoveryToken? resume)
    {
        if (resume is null)
        {
            return "40";
        }

        var auth = new System.Text.Json.Nodes.JsonObject { ["pid"] = resume.Pid };
        if (resume.Offset is not null)
        {
            auth["offset"] = resume.Offset;
        }

        return "40" + auth.ToJsonString();
    }

    /// <summary>
    /// The last data element of an event packet when it is a string: the offset the server appends with recovery on.
    /// Only the tail is read, backwards to the string's opening quote, so a large payload costs nothing to skip.
    /// </summary>
    public static string? TrailingOffset(ReadOnlySpan<byte> eventFrame)
    {
        if (eventFrame.Length < 6 || !eventFrame.EndsWith("\"]"u8))
        {
            return null;
        }

        for (var quote = eventFrame.Length - 3; quote > 0; quote--)
        {
            if (eventFrame[quote] != (byte)'"')
            {
                continue;
            }

            var backslashes = 0;
            while (eventFrame[quote - 1 - backslashes] == (byte)'\\')
            {
                backslashes++;
            }

            if (backslashes % 2 == 0)
            {
                return eventFrame[quote - 1] == (byte)','
                    ? System.Text.Json.JsonSerializer.Deserialize<string>(eventFrame[quote..^1])
                    : null;
            }
        }

        return null;
    }

    /// <summary>Publishes one bench event to a room (no ack asked, as a chat client would send).</summary>
    public Task PublishAsync(string room, string padding, CancellationToken cancellation) =>
        SendTextAsync($"42[\"publish\",{{\"room\":{JsonString(room)},\"event\":\"{BenchEvent}\",\"data\":{EventData(padding)}}}]", cancellation);

    /// <summary>Publishes a bench event that carries <paramref name="sequence"/>, so receivers can tell losses and duplicates.</summary>
    public Task PublishAsync(string room, long sequence, CancellationToken cancellation) =>
        SendTextAsync($"42[\"publish\",{{\"room\":{JsonString(room)},\"event\":\"{BenchEvent}\",\"data\":{EventData("", sequence)}}}]", cancellation);

    /// <summary>A bench event's data: the send timestamp first (latency), then the sequence if any, then the padding.</summary>
    public static string EventData(string padding, long? sequence = null) =>
        sequence is { } s
            ? $"{{\"t\":{Stopwatch.GetTimestamp()},\"s\":{s},\"p\":\"{padding}\"}}"
            : $"{{\"t\":{Stopwatch.GetTimestamp()},\"p\":\"{padding}\"}}";

    /// <summary>Drops the TCP connection without a close frame, as a lost network does: the server sees <c>transport close</c>.</summary>
    public void Abort() => _socket.Abort();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The server may already have gone; closing is best effort.
        }

        _socket.Abort();
        if (_receiveLoop is not null)
        {
            await _receiveLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _socket.Dispose();
        _sendLock.Dispose();
        _stop.Dispose();
    }

    private static string JsonString(string value) => System.Text.Json.JsonSerializer.Serialize(value);

    /// <summary>As socket.io-client's onconnect: recovered only when the server echoes the pid the client sent.</summary>
    private void OnConnected(string payload, RecoveryToken? resume)
    {
        using var reply = System.Text.Json.JsonDocument.Parse(payload.Length == 0 ? "{}" : payload);
        var root = reply.RootElement;
        SocketId = root.TryGetProperty("sid", out var sid) ? sid.GetString() ?? "" : "";
        _pid = root.TryGetProperty("pid", out var pid) && pid.ValueKind == System.Text.Json.JsonValueKind.String ? pid.GetString() : null;
        Recovered = _pid is not null && _pid == resume?.Pid;
        _lastOffset = Recovered ? resume!.Offset : null;
    }

    private async Task SendTextAsync(string text, CancellationToken cancellation)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        await _sendLock.WaitAsync(cancellation);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellation);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task<string> ReceiveTextAsync(CancellationToken cancellation)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer.GetMemory(4096), cancellation);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException($"the server closed the WebSocket: {_socket.CloseStatus} {_socket.CloseStatusDescription}");
            }

            buffer.Advance(result.Count);
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(buffer.WrittenSpan);
            }
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[4096];
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                }

                var result = await _socket.ReceiveAsync(buffer.AsMemory(length), _stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                length += result.Count;
                if (!result.EndOfMessage)
                {
                    continue;
                }

                await OnFrameAsync(buffer.AsMemory(0, length));
                length = 0;
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The run ended or the server closed the connection; the counters tell the story.
        }
        finally
        {
            _closed.TrySetResult(Stopwatch.GetTimestamp());
        }
    }

    private async ValueTask OnFrameAsync(ReadOnlyMemory<byte> frame)
    {
        var span = frame.Span;
        if (_pid is not null && span.StartsWith("42"u8) && TrailingOffset(span) is { } offset)
        {
            Volatile.Write(ref _lastOffset, offset);
        }

        if (span.StartsWith(BenchPrefix))
        {
            var arrived = Stopwatch.GetTimestamp();
            Interlocked.Increment(ref _received);
            if (_onSequence is not null && span.IndexOf(SequenceMarker) is var at and >= 0
                && Utf8Parser.TryParse(span[(at + SequenceMarker.Length)..], out long sequence, out _))
            {
                _onSequence(sequence);
            }

            var marker = span.IndexOf(TimestampMarker);
            if (_latencies is not null && marker >= 0
                && Utf8Parser.TryParse(span[(marker + TimestampMarker.Length)..], out long sent, out _))
            {
                _latencies.Record((long)Stopwatch.GetElapsedTime(sent, arrived).TotalMicroseconds);
            }
        }
        else if (span.Length == 1 && span[0] == (byte)'2')
        {
            await SendTextAsync("3", _stop.Token);
        }
        else if (span.StartsWith("431"u8))
        {
            _pendingAck?.TrySetResult(Encoding.UTF8.GetString(span));
        }
    }
}
