using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Realtime.SocketIO.Tests.Support;

/// <summary>
/// A hand-driven Engine.IO WebSocket client for tests the official client cannot express: protocol violations,
/// hostile input, a client that stops reading. It answers pings while it reads.
/// </summary>
public sealed class RawWebSocketClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly byte[] _buffer = new byte[64 * 1024];

    private RawWebSocketClient()
    {
    }

    public WebSocketState State => _socket.State;

    public static async Task<RawWebSocketClient> ConnectAsync(Uri uri, int receiveBufferSize = 16 * 1024)
    {
        var client = new RawWebSocketClient();
        client._socket.Options.SetBuffer(receiveBufferSize, 16 * 1024);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await client._socket.ConnectAsync(uri, timeout.Token);
        var open = await client.ReceiveTextAsync();
        if (open is null || !open.StartsWith('0'))
        {
            throw new InvalidOperationException($"expected the Engine.IO open packet, got {open}");
        }

        return client;
    }

    /// <summary>Connects and joins the main namespace; returns the client and its Socket.IO id.</summary>
    public static async Task<(RawWebSocketClient Client, string SocketId)> ConnectToMainAsync(Uri uri,
        int receiveBufferSize = 16 * 1024)
    {
        var client = await ConnectAsync(uri, receiveBufferSize);
        await client.SendTextAsync("40");
        var reply = await client.ReceiveTextAsync() ?? throw new InvalidOperationException("closed before CONNECT reply");
        using var json = JsonDocument.Parse(reply[2..]);
        return (client, json.RootElement.GetProperty("sid").GetString()!);
    }

    /// <summary>Sends one text frame as is (so <c>40</c> is Engine.IO message + Socket.IO CONNECT).</summary>
    public async Task SendTextAsync(string frame)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _socket.SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, true, timeout.Token);
    }

    public async Task SendBinaryAsync(byte[] data)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _socket.SendAsync(data, WebSocketMessageType.Binary, true, timeout.Token);
    }

    /// <summary>The next text frame other than a ping (binary frames are skipped); null once the server closed.</summary>
    public async Task<string?> ReceiveTextAsync(TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var (type, length) = await ReceiveFrameAsync(cts.Token);
            if (type == WebSocketMessageType.Close)
            {
                return null;
            }

            if (type == WebSocketMessageType.Binary)
            {
                continue;
            }

            var text = Encoding.UTF8.GetString(_buffer, 0, length);
            if (text == "2")
            {
                await SendTextAsync("3");
                continue;
            }

            return text;
        }
    }

    /// <summary>Reads until the server closes; true when it did within the timeout.</summary>
    public async Task<bool> WaitForServerCloseAsync(TimeSpan timeout)
    {
        try
        {
            while (await ReceiveTextAsync(timeout) is not null)
            {
            }

            return true;
        }
        catch (WebSocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
            {
                // The server may have gone already; the socket is disposed either way.
            }
        }

        _socket.Dispose();
    }

    private async Task<(WebSocketMessageType Type, int Length)> ReceiveFrameAsync(CancellationToken cancellationToken)
    {
        var length = 0;
        while (true)
        {
            var result = await _socket.ReceiveAsync(_buffer.AsMemory(length), cancellationToken);
            length += result.Count;
            if (result.EndOfMessage || result.MessageType == WebSocketMessageType.Close)
            {
                return (result.MessageType, length);
            }
        }
    }
}
