using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;

namespace Realtime.Bench;

/// <summary>
/// One Socket.IO client on a raw WebSocket (Engine.IO v4 / Socket.IO v5 text frames, no polling, no library):
/// cheap enough that a thousand of them do not make the load generator the bottleneck.
/// </summary>
public sealed class BenchClient : IAsyncDisposable
{
    /// <summary>The event the publishers emit; its payload starts with the send timestamp.</summary>
    public const string BenchEvent = "bench";

    private static readonly byte[] TimestampMarker = "{\"t\":"u8.ToArray();
    private static readonly byte[] BenchPrefix = Encoding.UTF8.GetBytes($"42[\"{BenchEvent}\",");
    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly LatencyHistogram? _latencies;
    private readonly TaskCompletionSource<long> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource<string>? _pendingAck;
    private Task? _receiveLoop;
    private long _received;

    private BenchClient(LatencyHistogram? latencies)
    {
        _latencies = latencies;
        _socket.Options.KeepAliveInterval = TimeSpan.Zero;
    }

    /// <summary>Bench events this client received.</summary>
    public long Received => Interlocked.Read(ref _received);

    public bool IsOpen => _socket.State == WebSocketState.Open;

    /// <summary>Completes with the <see cref="Stopwatch"/> timestamp at which the connection ended.</summary>
    public Task<long> Closed => _closed.Task;

    /// <summary>Connects, completes the Engine.IO and Socket.IO handshakes and starts reading.</summary>
    public static async Task<BenchClient> ConnectAsync(Uri server, LatencyHistogram? latencies, CancellationToken cancellation)
    {
        var client = new BenchClient(latencies);
        try
        {
            var ws = new UriBuilder(server) { Scheme = server.Scheme == "https" ? "wss" : "ws", Path = "/socket.io/", Query = "EIO=4&transport=websocket" };
            await client._socket.ConnectAsync(ws.Uri, cancellation);
            var open = await client.ReceiveTextAsync(cancellation);
            if (!open.StartsWith('0'))
            {
                throw new InvalidOperationException($"expected an Engine.IO open packet, got '{open}'");
            }

            await client.SendTextAsync("40", cancellation);
            while (true)
            {
                var reply = await client.ReceiveTextAsync(cancellation);
                if (reply.StartsWith("40", StringComparison.Ordinal))
                {
                    break;
                }

                if (reply != "2" && !reply.StartsWith('6'))
                {
                    throw new InvalidOperationException($"expected a Socket.IO CONNECT reply, got '{reply}'");
                }
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

    /// <summary>Publishes one bench event to a room (no ack asked, as a chat client would send).</summary>
    public Task PublishAsync(string room, string padding, CancellationToken cancellation)
    {
        var now = Stopwatch.GetTimestamp();
        return SendTextAsync(
            $"42[\"publish\",{{\"room\":{JsonString(room)},\"event\":\"{BenchEvent}\",\"data\":{{\"t\":{now},\"p\":\"{padding}\"}}}}]",
            cancellation);
    }

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
        if (span.StartsWith(BenchPrefix))
        {
            var arrived = Stopwatch.GetTimestamp();
            Interlocked.Increment(ref _received);
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
