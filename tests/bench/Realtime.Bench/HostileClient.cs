using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;

namespace Realtime.Bench;

/// <summary>The kinds of client of issue 12 that tried to make one pod hold memory for them.</summary>
public enum HostileKind
{
    /// <summary>Joins a room that gets 900 KB broadcasts and stops reading.</summary>
    StalledReader,

    /// <summary>Publishes 900 KB messages to its own room, never reads, and answers pings blindly.</summary>
    SelfPublisher,

    /// <summary>Announces a binary packet with ten attachments and sends 900 KB frames that never complete it.</summary>
    HalfBinary,
}

/// <summary>
/// One hostile client on a raw WebSocket with a small receive buffer (so the kernel does not absorb what the server
/// is meant to hold), reconnecting whenever the server closes it, until told to stop.
/// </summary>
public static class HostileClient
{
    public const int LargeMessageBytes = 900_000;
    public const string BroadcastRoom = "hostile-broadcast";
    private const int ReceiveBuffer = 16 * 1024;

    /// <summary>
    /// One 900 KB message a second per self-publisher: what it can make the server hold, not how much CPU a flood
    /// of them costs (a rate limit's job, not a memory bound's), is what is measured.
    /// </summary>
    private static readonly TimeSpan PublishInterval = TimeSpan.FromSeconds(1);
    private static readonly byte[] Attachment = new byte[LargeMessageBytes];
    private static readonly string Padding = new('x', LargeMessageBytes);
    private static readonly string TenPlaceholders =
        "4510-[\"publish\"" + string.Concat(Enumerable.Range(0, 10).Select(i => $",{{\"_placeholder\":true,\"num\":{i}}}")) + "]";

    private static readonly HttpMessageInvoker SmallBufferInvoker = new(new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellation) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveBufferSize = ReceiveBuffer };
            try
            {
                await socket.ConnectAsync(context.DnsEndPoint, cancellation);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    });

    /// <summary>The 900 KB broadcast the stalled readers' room gets, as the app contract's <c>publish</c>.</summary>
    public static string BroadcastFrame { get; } = Publish(BroadcastRoom);

    /// <summary>Runs one hostile client until <paramref name="stop"/>; returns how often the server closed it.</summary>
    public static async Task<int> RunAsync(Uri server, HostileKind kind, int index, CancellationToken stop)
    {
        var closedByServer = 0;
        while (!stop.IsCancellationRequested)
        {
            if (await AttackOnceAsync(server, kind, index, stop))
            {
                closedByServer++;
            }
        }

        return closedByServer;
    }

    /// <summary>
    /// Connects and attacks once, then holds the connection (never reading) until the server breaks it, which a
    /// failed send shows: true then, false when stopped first.
    /// </summary>
    public static async Task<bool> AttackOnceAsync(Uri server, HostileKind kind, int index, CancellationToken stop)
    {
        using var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        socket.Options.SetBuffer(ReceiveBuffer, ReceiveBuffer);
        try
        {
            var ws = new UriBuilder(server) { Scheme = "ws", Path = "/socket.io/", Query = "EIO=4&transport=websocket" };
            await socket.ConnectAsync(ws.Uri, SmallBufferInvoker, stop);
            await ReceiveUntilAsync(socket, "0", stop);
            await SendAsync(socket, "40", stop);
            await ReceiveUntilAsync(socket, "40", stop);
            await (kind switch
            {
                HostileKind.StalledReader => StallAsync(socket, BroadcastRoom, stop),
                HostileKind.SelfPublisher => PublishToSelfAsync(socket, index, stop),
                _ => SendHalfBinaryAsync(socket, stop),
            });
            return false;
        }
        catch (Exception e) when (e is WebSocketException or IOException or InvalidOperationException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static async Task StallAsync(ClientWebSocket socket, string room, CancellationToken stop)
    {
        await SendAsync(socket, $"42[\"join\",\"{room}\"]", stop);
        await BlindPongsAsync(socket, stop);
    }

    private static async Task PublishToSelfAsync(ClientWebSocket socket, int index, CancellationToken stop)
    {
        var room = $"hostile-self-{index}";
        await SendAsync(socket, $"42[\"join\",\"{room}\"]", stop);
        var frame = Publish(room);
        while (!stop.IsCancellationRequested)
        {
            await SendAsync(socket, frame, stop);
            await SendAsync(socket, "3", stop);
            await Task.Delay(PublishInterval, stop);
        }
    }

    private static async Task SendHalfBinaryAsync(ClientWebSocket socket, CancellationToken stop)
    {
        await SendAsync(socket, TenPlaceholders, stop);
        for (var i = 0; i < 9; i++)
        {
            await socket.SendAsync(Attachment, WebSocketMessageType.Binary, true, stop);
        }

        await BlindPongsAsync(socket, stop);
    }

    /// <summary>Never reads; a pong every ping interval keeps the heartbeat from ending the connection.</summary>
    private static async Task BlindPongsAsync(ClientWebSocket socket, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromSeconds(20), stop);
            await SendAsync(socket, "3", stop);
        }
    }

    private static string Publish(string room) =>
        $"42[\"publish\",{{\"room\":\"{room}\",\"event\":\"big\",\"data\":\"{Padding}\"}}]";

    private static Task SendAsync(ClientWebSocket socket, string text, CancellationToken stop) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, stop);

    private static async Task ReceiveUntilAsync(ClientWebSocket socket, string prefix, CancellationToken stop)
    {
        var buffer = new byte[4096];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, stop);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException("the server closed the connection during the handshake");
            }

            if (Encoding.UTF8.GetString(buffer, 0, result.Count).StartsWith(prefix, StringComparison.Ordinal))
            {
                return;
            }
        }
    }
}
