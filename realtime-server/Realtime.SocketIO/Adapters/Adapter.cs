using System.Buffers;
using System.Text.Json;
using Realtime.SocketIO.Protocol;

namespace Realtime.SocketIO.Adapters;

/// <summary>
/// The broadcast seam of one namespace. The base class keeps the local room index (socket → rooms, room → sockets)
/// and delivers to the sockets of this server, encoding each broadcast once. A cluster adapter overrides the
/// cluster-wide operations, forwards them to the other servers and calls the base for local delivery.
/// </summary>
public abstract class Adapter : IAsyncDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<string, HashSet<string>> _rooms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _socketRooms = new(StringComparer.Ordinal);

    /// <summary>
    /// Each room's members as socket objects, built at its first broadcast after a change of membership: a broadcast to
    /// one room then neither copies ids nor looks each recipient up by id. A room with a member not (yet) in the
    /// namespace's sockets is not kept, so it is looked up again next time, as without the cache.
    /// </summary>
    private readonly Dictionary<string, Socket[]> _roomSockets = new(StringComparer.Ordinal);

    protected Adapter(Namespace nsp)
    {
        ArgumentNullException.ThrowIfNull(nsp);
        Namespace = nsp;
    }

    public Namespace Namespace { get; }

    /// <summary>How many rooms have local members (every socket's own-id room included).</summary>
    public int RoomCount
    {
        get
        {
            lock (_gate)
            {
                return _rooms.Count;
            }
        }
    }

    /// <summary>Adds a local socket to rooms.</summary>
    public virtual void AddAll(string socketId, IEnumerable<string> rooms)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        lock (_gate)
        {
            if (!_socketRooms.TryGetValue(socketId, out var joined))
            {
                joined = new HashSet<string>(StringComparer.Ordinal);
                _socketRooms[socketId] = joined;
            }

            foreach (var room in rooms)
            {
                if (!joined.Add(room))
                {
                    continue;
                }

                if (!_rooms.TryGetValue(room, out var members))
                {
                    members = new HashSet<string>(StringComparer.Ordinal);
                    _rooms[room] = members;
                    OnRoomCreated(room);
                }

                members.Add(socketId);
                _roomSockets.Remove(room);
            }
        }
    }

    /// <summary>Removes a local socket from one room.</summary>
    public virtual void Del(string socketId, string room)
    {
        lock (_gate)
        {
            if (_socketRooms.TryGetValue(socketId, out var joined))
            {
                joined.Remove(room);
            }

            RemoveMember(room, socketId);
        }
    }

    /// <summary>Removes a local socket from every room (it disconnected).</summary>
    public virtual void DelAll(string socketId)
    {
        lock (_gate)
        {
            if (!_socketRooms.Remove(socketId, out var joined))
            {
                return;
            }

            foreach (var room in joined)
            {
                RemoveMember(room, socketId);
            }
        }
    }

    /// <summary>The rooms a local socket is in (empty when it is unknown).</summary>
    public IReadOnlySet<string> SocketRooms(string socketId)
    {
        lock (_gate)
        {
            return _socketRooms.TryGetValue(socketId, out var joined)
                ? new HashSet<string>(joined, StringComparer.Ordinal)
                : new HashSet<string>(StringComparer.Ordinal);
        }
    }

    /// <summary>The ids of the local sockets a broadcast with these options reaches.</summary>
    public IReadOnlyList<string> LocalSocketIds(BroadcastOptions options)
    {
        var ids = Match(options, out var count);
        try
        {
            return ids.AsSpan(0, count).ToArray();
        }
        finally
        {
            ArrayPool<string>.Shared.Return(ids, clearArray: true);
        }
    }

    /// <summary>Delivers a packet to the matching local sockets: encoded once, the same frames sent to each.</summary>
    public virtual void Broadcast(SocketIOPacket packet, BroadcastOptions options)
    {
        ArgumentNullException.ThrowIfNull(packet);
        ArgumentNullException.ThrowIfNull(options);
        var encoded = EncodedPacket.Encode(packet);
        int delivered;
        if (SingleRoomSockets(options) is { } recipients)
        {
            foreach (var socket in recipients)
            {
                socket.SendEncoded(encoded);
            }

            delivered = recipients.Length;
        }
        else
        {
            delivered = ForEachLocalSocket(options, socket => socket.SendEncoded(encoded));
        }

        Namespace.Server.Metrics.Broadcast(Namespace.Name, packet.Type, delivered);
    }

    /// <summary>
    /// Delivers a packet to the matching local sockets and asks each for an acknowledgement, numbering the packet from
    /// the namespace's ack counter as socket.io-adapter does (any id it carries is replaced, so a packet received from
    /// another server is numbered here); <paramref name="clientCountCallback"/> learns how many were reached and
    /// <paramref name="ack"/> is called with each one's acknowledgement.
    /// </summary>
    public virtual void BroadcastWithAck(SocketIOPacket packet, BroadcastOptions options, Action<int> clientCountCallback,
        Action<SocketIOArguments> ack)
    {
        ArgumentNullException.ThrowIfNull(packet);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clientCountCallback);
        var ackId = Namespace.NextAckId();
        var encoded = EncodedPacket.Encode(packet with { Id = ackId });
        var timeout = options.Flags.Timeout ?? Namespace.Server.Options.AckTimeout;
        var delivered = ForEachLocalSocket(options, socket =>
        {
            socket.RegisterAck(ackId, ack, timeout);
            socket.SendEncoded(encoded);
        });
        Namespace.Server.Metrics.Broadcast(Namespace.Name, packet.Type, delivered);
        clientCountCallback(delivered);
    }

    /// <summary>Snapshots of the matching sockets; the base returns the local ones.</summary>
    public virtual ValueTask<IReadOnlyList<RemoteSocket>> FetchSocketsAsync(BroadcastOptions options,
        CancellationToken cancellationToken = default)
    {
        var sockets = new List<RemoteSocket>();
        ForEachLocalSocket(options, socket => sockets.Add(socket.Snapshot()));
        return ValueTask.FromResult<IReadOnlyList<RemoteSocket>>(sockets);
    }

    /// <summary>Makes the matching sockets join rooms.</summary>
    public virtual void AddSockets(BroadcastOptions options, IReadOnlyCollection<string> rooms) =>
        ForEachLocalSocket(options, socket => socket.Join(rooms));

    /// <summary>Makes the matching sockets leave rooms.</summary>
    public virtual void DelSockets(BroadcastOptions options, IReadOnlyCollection<string> rooms) =>
        ForEachLocalSocket(options, socket => socket.Leave(rooms));

    /// <summary>Disconnects the matching sockets; <paramref name="close"/> also closes their connections.</summary>
    public virtual void DisconnectSockets(BroadcastOptions options, bool close) =>
        ForEachLocalSocket(options, socket => socket.Disconnect(close));

    /// <summary>Every room with a member; the base knows the local ones.</summary>
    public virtual ValueTask<IReadOnlySet<string>> AllRoomsAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult<IReadOnlySet<string>>(
                new HashSet<string>(_rooms.Keys, StringComparer.Ordinal));
        }
    }

    /// <summary>
    /// Sends an event (packet data <c>[event, ...args]</c>) to the other servers of the cluster. A single server has
    /// none, so the base does nothing; a cluster adapter hands what it receives to <see cref="OnServerSideEmit"/>.
    /// </summary>
    public virtual void ServerSideEmit(SocketIOPacket packet)
    {
    }

    /// <summary>
    /// Keeps a session after a recoverable disconnect, for at most the recovery's <c>MaxDisconnectionDuration</c>
    /// (socket.io-adapter's <c>persistSession</c>). The base keeps nothing: it cannot recover.
    /// </summary>
    public virtual ValueTask PersistSessionAsync(PersistedSession session, CancellationToken cancellationToken = default) =>
        ValueTask.CompletedTask;

    /// <summary>
    /// Takes the session <paramref name="pid"/> names, if it is still kept and <paramref name="offset"/> is still in
    /// the log; null otherwise. Taking it is atomic: a session is restored once, on one server.
    /// </summary>
    public virtual ValueTask<PersistedSession?> RestoreSessionAsync(string pid, string offset,
        CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<PersistedSession?>(null);

    /// <summary>
    /// The logged packets after <paramref name="offset"/> that would have reached the restored session, oldest first;
    /// null when the log no longer reaches back to the offset or they exceed <paramref name="maxBytes"/>. Socket.io's
    /// <c>restoreSession</c> does this with the restore; here it is a second step, called once the restored socket
    /// is back in its rooms and holding live deliveries, so nothing published meanwhile falls between the two.
    /// </summary>
    public virtual ValueTask<IReadOnlyList<SocketIOPacket>?> MissedPacketsAsync(PersistedSession session, string offset,
        long maxBytes, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<IReadOnlyList<SocketIOPacket>?>(null);

    /// <summary>
    /// A socket with recovery on was accepted (new or recovered). A cluster adapter may keep its session while it is
    /// connected, so a server that dies without closing it still leaves it to restore; the base keeps nothing.
    /// </summary>
    public virtual void OnSessionStarted(string sid, string pid)
    {
    }

    /// <summary>A socket left for a reason that does not allow recovery: nothing may restore its session any more.</summary>
    public virtual void OnSessionEnded(string pid)
    {
    }

    /// <summary>Whether a broadcast gets a recovery offset: events without an ack that are not volatile, as in Node.</summary>
    public static bool TakesOffset(SocketIOPacket packet, BroadcastOptions options)
    {
        ArgumentNullException.ThrowIfNull(packet);
        ArgumentNullException.ThrowIfNull(options);
        return packet.Type == PacketType.Event && packet.Id is null && !options.Flags.Volatile
               && packet.Data is { ValueKind: JsonValueKind.Array };
    }

    /// <summary>The packet with the offset appended as the last data element, where the client reads it.</summary>
    public static SocketIOPacket WithOffset(SocketIOPacket packet, string offset)
    {
        ArgumentNullException.ThrowIfNull(packet);
        ArgumentNullException.ThrowIfNull(offset);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var element in packet.Data!.Value.EnumerateArray())
            {
                element.WriteTo(writer);
            }

            writer.WriteStringValue(offset);
            writer.WriteEndArray();
        }

        var reader = new Utf8JsonReader(buffer.WrittenSpan);
        return packet with { Data = JsonElement.ParseValue(ref reader), Offset = offset };
    }

    /// <summary>
    /// Whether a logged broadcast would have reached a socket in these rooms (socket.io-adapter's
    /// <c>shouldIncludePacket</c>): to everyone or to one of its rooms, and excluding none of them.
    /// </summary>
    public static bool ShouldReplay(IReadOnlyCollection<string> sessionRooms, BroadcastOptions options)
    {
        ArgumentNullException.ThrowIfNull(sessionRooms);
        ArgumentNullException.ThrowIfNull(options);
        var included = options.Rooms.Count == 0 || sessionRooms.Any(options.Rooms.Contains);
        return included && !sessionRooms.Any(options.Except.Contains);
    }

    /// <summary>How many servers share this namespace (1 for a single server).</summary>
    public virtual ValueTask<int> ServerCountAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(1);

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>Called, under the index lock, when a room gets its first local member; must not block.</summary>
    protected virtual void OnRoomCreated(string room)
    {
    }

    /// <summary>Called, under the index lock, when a room loses its last local member; must not block.</summary>
    protected virtual void OnRoomDeleted(string room)
    {
    }

    /// <summary>
    /// Hands a server-side event received from another server to this namespace's listeners; <paramref name="reply"/>
    /// (when the sender asked for an answer) gets the first acknowledgement a listener sends.
    /// </summary>
    protected void OnServerSideEmit(SocketIOPacket packet, Action<SocketIOArguments>? reply = null)
    {
        ArgumentNullException.ThrowIfNull(packet);
        if (packet.Data is { ValueKind: JsonValueKind.Array } data && data.GetArrayLength() > 0)
        {
            Namespace.DispatchServerSideEvent(data, packet.Attachments, reply);
        }
    }

    private void RemoveMember(string room, string socketId)
    {
        if (!_rooms.TryGetValue(room, out var members) || !members.Remove(socketId))
        {
            return;
        }

        _roomSockets.Remove(room);
        if (members.Count == 0)
        {
            _rooms.Remove(room);
            OnRoomDeleted(room);
        }
    }

    /// <summary>The local sockets of the one room a broadcast without exceptions goes to; null for any other broadcast.</summary>
    private Socket[]? SingleRoomSockets(BroadcastOptions options)
    {
        if (options.Rooms.Count != 1 || options.Except.Count != 0)
        {
            return null;
        }

        var room = options.Rooms.First();
        lock (_gate)
        {
            if (_roomSockets.TryGetValue(room, out var cached))
            {
                return cached;
            }

            if (!_rooms.TryGetValue(room, out var members))
            {
                return [];
            }

            var sockets = new Socket[members.Count];
            var found = 0;
            foreach (var id in members)
            {
                if (Namespace.TryGetSocket(id, out var socket))
                {
                    sockets[found++] = socket;
                }
            }

            if (found < sockets.Length)
            {
                return sockets[..found];
            }

            _roomSockets[room] = sockets;
            return sockets;
        }
    }

    /// <summary>Runs an action for each matching local socket, outside the index lock; returns how many.</summary>
    private int ForEachLocalSocket(BroadcastOptions options, Action<Socket> action)
    {
        var ids = Match(options, out var count);
        var reached = 0;
        try
        {
            for (var i = 0; i < count; i++)
            {
                if (Namespace.TryGetSocket(ids[i], out var socket))
                {
                    action(socket);
                    reached++;
                }
            }
        }
        finally
        {
            ArrayPool<string>.Shared.Return(ids, clearArray: true);
        }

        return reached;
    }

    /// <summary>The ids of the matching local sockets in a pooled array the caller returns.</summary>
    private string[] Match(BroadcastOptions options, out int count)
    {
        lock (_gate)
        {
            var excluded = ExpandExcept(options.Except);
            count = 0;
            if (options.Rooms.Count == 0)
            {
                var all = ArrayPool<string>.Shared.Rent(Math.Max(1, _socketRooms.Count));
                foreach (var id in _socketRooms.Keys)
                {
                    if (excluded is null || !excluded.Contains(id))
                    {
                        all[count++] = id;
                    }
                }

                return all;
            }

            var capacity = 0;
            foreach (var room in options.Rooms)
            {
                capacity += _rooms.TryGetValue(room, out var members) ? members.Count : 0;
            }

            var ids = ArrayPool<string>.Shared.Rent(Math.Max(1, capacity));
            var seen = options.Rooms.Count > 1 ? new HashSet<string>(StringComparer.Ordinal) : null;
            foreach (var room in options.Rooms)
            {
                if (!_rooms.TryGetValue(room, out var members))
                {
                    continue;
                }

                foreach (var id in members)
                {
                    if ((excluded is null || !excluded.Contains(id)) && (seen is null || seen.Add(id)))
                    {
                        ids[count++] = id;
                    }
                }
            }

            return ids;
        }
    }

    private HashSet<string>? ExpandExcept(IReadOnlySet<string> exceptRooms)
    {
        if (exceptRooms.Count == 0)
        {
            return null;
        }

        var excluded = new HashSet<string>(StringComparer.Ordinal);
        foreach (var room in exceptRooms)
        {
            if (_rooms.TryGetValue(room, out var members))
            {
                excluded.UnionWith(members);
            }
        }

        return excluded;
    }
}
