using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;

namespace Realtime.Bench.Floor;

/// <summary>
/// The least a server can do for the bench's app contract: <c>join</c> acks and adds the socket to its room, a
/// <c>publish</c> is re-framed as <c>42["event",data]</c> by slicing its bytes (no JSON parse) and sent to each member
/// from the publisher's read loop. Whatever latency the bench measures against it is the generator's, the loopback's
/// and ASP.NET Core's WebSocket, not a Socket.IO server's. With a <see cref="RedisRelay"/> (the cluster's floor) a
/// publish also goes to the other pods, and what they publish reaches this pod's members.
/// </summary>
internal sealed class RelayRooms(RedisRelay? backplane)
{
    private static readonly byte[] JoinPrefix = "421[\"join\","u8.ToArray();
    private static readonly byte[] PublishPrefix = "42[\"publish\","u8.ToArray();
    private static readonly byte[] RoomKey = "\"room\":\""u8.ToArray();
    private static readonly byte[] EventKey = "\"event\":\""u8.ToArray();
    private static readonly byte[] DataKey = "\"data\":"u8.ToArray();

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<RelayMember, byte>> _rooms = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task>> _subscriptions = new(StringComparer.Ordinal);

    /// <summary>Handles one text frame of a member; false when it is not part of the relay contract.</summary>
    public async ValueTask<bool> HandleAsync(RelayMember member, ReadOnlyMemory<byte> frame, CancellationToken cancellation)
    {
        var span = frame.Span;
        if (span.StartsWith(JoinPrefix))
        {
            // 421["join","room"]: the room is the JSON string between the prefix and the closing bracket.
            var room = Encoding.UTF8.GetString(span[(JoinPrefix.Length + 1)..^2]);
            var roomMembers = _rooms.GetOrAdd(room, _ => new());
            if (backplane is not null)
            {
                // Every joiner waits for the room's one subscription, so no join is acked before it is in place.
                await _subscriptions.GetOrAdd(room, key => new Lazy<Task>(() =>
                    backplane.SubscribeAsync(key, packet => _ = SendToAllAsync(roomMembers, packet, CancellationToken.None)))).Value;
            }

            roomMembers.TryAdd(member, 0);
            member.Rooms.Add(room);
            await member.SendAsync(Encoding.UTF8.GetBytes($"431[{{\"ok\":true,\"room\":\"{room}\"}}]"), cancellation);
            return true;
        }

        if (!span.StartsWith(PublishPrefix) || !TryParsePublish(span, out var publishRoom, out var eventName, out var data))
        {
            return false;
        }

        var packet = new byte[4 + eventName.Length + 2 + data.Length + 1];
        "42[\""u8.CopyTo(packet);
        eventName.CopyTo(packet.AsSpan(4));
        "\","u8.CopyTo(packet.AsSpan(4 + eventName.Length));
        data.CopyTo(packet.AsSpan(6 + eventName.Length));
        packet[^1] = (byte)']';
        backplane?.Publish(publishRoom, packet);
        if (_rooms.TryGetValue(publishRoom, out var members))
        {
            await SendToAllAsync(members, packet, cancellation);
        }

        return true;
    }

    private static async Task SendToAllAsync(ConcurrentDictionary<RelayMember, byte> members, ReadOnlyMemory<byte> packet,
        CancellationToken cancellation)
    {
        foreach (var recipient in members.Keys)
        {
            await recipient.SendAsync(packet, cancellation);
        }
    }

    public void Leave(RelayMember member)
    {
        foreach (var room in member.Rooms)
        {
            if (_rooms.TryGetValue(room, out var members))
            {
                members.TryRemove(member, out _);
            }
        }
    }

    /// <summary>42["publish",{"room":"R","event":"E","data":D}]: the bench's publishers always send the keys in this order.</summary>
    private static bool TryParsePublish(ReadOnlySpan<byte> span, out string room, out ReadOnlySpan<byte> eventName,
        out ReadOnlySpan<byte> data)
    {
        room = "";
        eventName = default;
        data = default;
        var roomAt = span.IndexOf(RoomKey);
        var eventAt = span.IndexOf(EventKey);
        var dataAt = span.IndexOf(DataKey);
        if (roomAt < 0 || eventAt < roomAt || dataAt < eventAt || !span.EndsWith("}]"u8))
        {
            return false;
        }

        var roomStart = roomAt + RoomKey.Length;
        room = Encoding.UTF8.GetString(span[roomStart..(roomStart + span[roomStart..].IndexOf((byte)'"'))]);
        var eventStart = eventAt + EventKey.Length;
        eventName = span[eventStart..(eventStart + span[eventStart..].IndexOf((byte)'"'))];
        data = span[(dataAt + DataKey.Length)..^2];
        return true;
    }
}

/// <summary>One relay client: sends are serialized (a WebSocket takes one at a time), the rooms are its own.</summary>
internal sealed class RelayMember(WebSocket webSocket)
{
    private readonly SemaphoreSlim _sendLock = new(1, 1);

    public List<string> Rooms { get; } = [];

    public async ValueTask SendAsync(ReadOnlyMemory<byte> text, CancellationToken cancellation)
    {
        await _sendLock.WaitAsync(cancellation);
        try
        {
            await webSocket.SendAsync(text, WebSocketMessageType.Text, true, cancellation);
        }
        catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException)
        {
            // The member went away; its read loop removes it.
        }
        finally
        {
            _sendLock.Release();
        }
    }
}
