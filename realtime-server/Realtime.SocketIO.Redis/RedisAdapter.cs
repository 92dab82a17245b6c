using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Realtime.SocketIO.Adapters;
using Realtime.SocketIO.Redis.Backplane;
using Realtime.SocketIO.Redis.Diagnostics;
using Realtime.SocketIO.Recovery;
using Realtime.SocketIO.Redis.Recovery;
using Realtime.SocketIO.Redis.Requests;
using Realtime.SocketIO.Redis.Sharding;
using Realtime.SocketIO.Redis.Subscriber;
using Realtime.SocketIO.Redis.Wire;
using StackExchange.Redis;

namespace Realtime.SocketIO.Redis;

/// <summary>
/// The adapter of one namespace on a Redis backplane, speaking the wire format of <c>@socket.io/redis-adapter</c>
/// 8.x (classic PUB/SUB). Every operation is applied locally first and then published without waiting, so Redis
/// being slow or down never blocks the message path; what other servers publish is delivered through the base
/// class to this server's sockets.
/// </summary>
public sealed class RedisAdapter : Adapter
{
    private readonly RedisBackplane _backplane;
    private readonly ChannelNames _channels;
    private readonly string _uid;
    private readonly ConcurrentDictionary<string, byte> _localRooms = new(StringComparer.Ordinal);
    private readonly PendingRequests _pending = new();
    private readonly List<SubscriptionKey> _fixedSubscriptions = [];
    private readonly ILogger _logger;
    private readonly RecoveryLog? _log;
    private readonly SessionStore? _sessions;
    private readonly LiveSessions? _live;
    private readonly SharedLogReads? _reads;

    public RedisAdapter(Namespace nsp, RedisBackplane backplane)
        : base(nsp)
    {
        ArgumentNullException.ThrowIfNull(backplane);
        _backplane = backplane;
        _uid = backplane.Options.ServerUid;
        _channels = new ChannelNames(backplane.Options.KeyPrefix, nsp.Name, _uid);
        _logger = backplane.Logger;
        if (nsp.Server.Options.ConnectionStateRecovery is { } recovery)
        {
            if (backplane.Options.Configurations.Count > 1)
            {
                // One offset names one position in one log; shards are independent servers with no common order.
                throw new InvalidOperationException(
                    "Connection state recovery needs one Redis: RedisAdapterOptions.Configurations lists " +
                    $"{backplane.Options.Configurations.Count}, and an offset cannot name positions in several logs");
            }

            _log = new RecoveryLog(backplane.Options.KeyPrefix, nsp.Name, recovery.MaxLogBytes, recovery.MaxDisconnectionDuration);
            _sessions = new SessionStore(backplane.Options.KeyPrefix, nsp.Name, recovery.MaxDisconnectionDuration);
            _reads = new SharedLogReads(_log, Database);
            _live = new LiveSessions(_sessions, Database, LiveSnapshot,
                error => RedisLog.SessionWriteFailed(_logger, nsp.Name, error.Message));
        }

        var global = ShardSelector.GlobalShard;
        Subscribe(backplane.Options.SubscriptionMode == SubscriptionMode.Pattern
            ? new SubscriptionKey(global, _channels.BroadcastPattern, IsPattern: true)
            : new SubscriptionKey(global, _channels.Broadcast, IsPattern: false), OnBroadcastMessage);
        Subscribe(new SubscriptionKey(global, _channels.Request, false), OnRequestMessage);
        Subscribe(new SubscriptionKey(global, _channels.Response, false), OnResponseMessage);
        Subscribe(new SubscriptionKey(global, _channels.OwnResponse, false), OnResponseMessage);
    }

    /// <summary>This server's id on the wire.</summary>
    public string Uid => _uid;

    public override void Broadcast(SocketIOPacket packet, BroadcastOptions options)
    {
        ArgumentNullException.ThrowIfNull(packet);
        ArgumentNullException.ThrowIfNull(options);
        var wirePacket = packet.Namespace == Namespace.Name ? packet : packet with { Namespace = Namespace.Name };
        if (_log is not null && !options.Flags.Local && TakesOffset(packet, options))
        {
            // Logged broadcasts are delivered here too only when they come back from Redis, so every pod's sockets
            // see the log's order. Redis unreachable: delivered here without an offset, as without recovery.
            var head = BroadcastMessage.EncodeHead(_uid, wirePacket, options);
            if (!Publish(options, head, _log))
            {
                base.Broadcast(packet, options);
            }

            return;
        }

        base.Broadcast(packet, options);
        if (!options.Flags.Local)
        {
            Publish(options, BroadcastMessage.Encode(_uid, wirePacket, options), log: null);
        }
    }

    public override void AddAll(string socketId, IEnumerable<string> rooms)
    {
        base.AddAll(socketId, rooms);
        _live?.Changed(socketId);
    }

    public override void Del(string socketId, string room)
    {
        base.Del(socketId, room);
        _live?.Changed(socketId);
    }

    public override void OnSessionStarted(string sid, string pid) => _live?.Started(sid, pid);

    public override void OnSessionEnded(string pid)
    {
        ArgumentNullException.ThrowIfNull(pid);
        if (_live is null || _sessions is null)
        {
            return;
        }

        _live.Stopped(pid);
        if (Database() is { } database)
        {
            _ = database.KeyDeleteAsync(_sessions.Key(pid), CommandFlags.FireAndForget);
        }
    }

    public override async ValueTask PersistSessionAsync(PersistedSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        _live?.Stopped(session.Pid);
        if (_sessions is null || Database() is not { } database)
        {
            return;
        }

        await database.StringSetAsync(_sessions.Key(session.Pid), SessionStore.Serialize(session), _sessions.Ttl)
            .WaitAsync(cancellationToken);
    }

    public override async ValueTask<PersistedSession?> RestoreSessionAsync(string pid, string offset,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pid);
        ArgumentNullException.ThrowIfNull(offset);
        if (_sessions is null || _log is null || !StreamOffset.TryParse(offset, out _) || Database() is not { } database)
        {
            return null;
        }

        var reply = await database.ScriptEvaluateAsync(RecoveryScripts.TakeSession, [_sessions.Key(pid), _log.StreamKey],
            [offset]).WaitAsync(cancellationToken);
        return reply.IsNull ? null : SessionStore.Deserialize(pid, (byte[])reply!);
    }

    public override async ValueTask<IReadOnlyList<SocketIOPacket>?> MissedPacketsAsync(PersistedSession session,
        string offset, long maxBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (_reads is null || !StreamOffset.TryParse(offset, out var position))
        {
            return null;
        }

        // Read only once this pod hears the session's rooms: what is published later arrives live (and is held by
        // the socket until the replay is sent), what was published before is in the log.
        await _backplane.Subscriptions.WhenConfirmedAsync(SubscriptionsFor(session.Rooms), cancellationToken);
        var entries = await _reads!.ReadAfterAsync(position, broadcast => broadcast.Packet.Namespace == Namespace.Name
            && ShouldReplay(session.Rooms, broadcast.Options), maxBytes, cancellationToken);
        return entries?.Select(entry => WithOffset(entry.Message.Packet, entry.Offset)).ToList();
    }

    public override void BroadcastWithAck(SocketIOPacket packet, BroadcastOptions options, Action<int> clientCountCallback,
        Action<SocketIOArguments> ack)
    {
        ArgumentNullException.ThrowIfNull(packet);
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Flags.Local)
        {
            var requestId = ServerUidGenerator.Next();
            var timeout = options.Flags.Timeout ?? Namespace.Server.Options.AckTimeout;
            _pending.StartAck(requestId, new AckRequest(clientCountCallback, ack), timeout);
            // The receivers number the packet themselves, as the Node adapter's do: the id is not sent.
            var wirePacket = packet with { Namespace = Namespace.Name, Id = null };
            PublishRequest(RequestMessages.BroadcastWithAck(_uid, requestId, wirePacket, options));
        }

        base.BroadcastWithAck(packet, options, clientCountCallback, ack);
    }

    public override async ValueTask<IReadOnlyList<RemoteSocket>> FetchSocketsAsync(BroadcastOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var local = await base.FetchSocketsAsync(options, cancellationToken);
        if (options.Flags.Local)
        {
            return local;
        }

        var responses = await AskOthersAsync("fetchSockets", requestId => RequestMessages.Fetch(_uid, requestId, options),
            cancellationToken);
        var sockets = new List<RemoteSocket>(local);
        foreach (var response in responses)
        {
            if (response.Root.TryGetProperty("sockets", out var list) && list.ValueKind == JsonValueKind.Array)
            {
                sockets.AddRange(list.EnumerateArray().Select(RemoteSocketJson.Read));
            }
        }

        return sockets;
    }

    public override async ValueTask<IReadOnlySet<string>> AllRoomsAsync(CancellationToken cancellationToken = default)
    {
        var rooms = new HashSet<string>(await base.AllRoomsAsync(cancellationToken), StringComparer.Ordinal);
        var responses = await AskOthersAsync("allRooms", requestId => RequestMessages.AllRooms(_uid, requestId),
            cancellationToken);
        foreach (var response in responses)
        {
            rooms.UnionWith(WireOptions.ReadRooms(response.Root, "rooms"));
        }

        return rooms;
    }

    public override void AddSockets(BroadcastOptions options, IReadOnlyCollection<string> rooms)
    {
        ArgumentNullException.ThrowIfNull(options);
        base.AddSockets(options, rooms);
        if (!options.Flags.Local)
        {
            PublishRequest(RequestMessages.RoomChange(_uid, RequestType.RemoteJoin, options, rooms));
        }
    }

    public override void DelSockets(BroadcastOptions options, IReadOnlyCollection<string> rooms)
    {
        ArgumentNullException.ThrowIfNull(options);
        base.DelSockets(options, rooms);
        if (!options.Flags.Local)
        {
            PublishRequest(RequestMessages.RoomChange(_uid, RequestType.RemoteLeave, options, rooms));
        }
    }

    public override void DisconnectSockets(BroadcastOptions options, bool close)
    {
        ArgumentNullException.ThrowIfNull(options);
        base.DisconnectSockets(options, close);
        if (!options.Flags.Local)
        {
            PublishRequest(RequestMessages.Disconnect(_uid, options, close));
        }
    }

    public override void ServerSideEmit(SocketIOPacket packet)
    {
        ArgumentNullException.ThrowIfNull(packet);
        if (packet.Data is { ValueKind: JsonValueKind.Array } data)
        {
            PublishRequest(RequestMessages.ServerSideEmit(_uid, data));
        }
    }

    /// <summary>The servers subscribed to this namespace's request channel: ours and Node's alike.</summary>
    public override async ValueTask<int> ServerCountAsync(CancellationToken cancellationToken = default) =>
        (int)Math.Max(1, await _backplane.CountSubscribersAsync(_channels.Request));

    public override async ValueTask DisposeAsync()
    {
        if (_live is not null)
        {
            await _live.DisposeAsync();
        }

        foreach (var key in _fixedSubscriptions)
        {
            _backplane.Subscriptions.DoNotWant(key);
        }

        foreach (var room in _localRooms.Keys)
        {
            _backplane.Subscriptions.DoNotWant(RoomSubscription(room));
        }

        await base.DisposeAsync();
    }

    protected override void OnRoomCreated(string room)
    {
        _localRooms[room] = 0;
        if (_backplane.Options.SubscriptionMode == SubscriptionMode.PerRoom)
        {
            _backplane.Subscriptions.Want(RoomSubscription(room), OnBroadcastMessage);
        }
    }

    protected override void OnRoomDeleted(string room)
    {
        _localRooms.TryRemove(room, out _);
        if (_backplane.Options.SubscriptionMode == SubscriptionMode.PerRoom)
        {
            _backplane.Subscriptions.DoNotWant(RoomSubscription(room));
        }
    }

    /// <summary>Publishes on the channel the Node adapter would: the room's for exactly one room, else the namespace's.</summary>
    private bool Publish(BroadcastOptions options, byte[] payload, RecoveryLog? log)
    {
        if (options.Rooms.Count == 1)
        {
            var channel = _channels.Room(options.Rooms.First());
            return _backplane.Publisher.TryPublish(_backplane.Shards.ShardOfRoomChannel(channel), channel, payload, log);
        }

        return _backplane.Publisher.TryPublish(ShardSelector.GlobalShard, _channels.Broadcast, payload, log);
    }

    private PersistedSession? LiveSnapshot(string pid, string sid) =>
        Namespace.Sockets.TryGetValue(sid, out var socket) && socket.Connected
            ? new PersistedSession { Sid = sid, Pid = pid, Rooms = [.. socket.Rooms], Data = socket.Data }
            : null;

    private IDatabaseAsync? Database() =>
        _backplane.GlobalMultiplexer is { IsConnected: true } multiplexer ? multiplexer.GetDatabase() : null;

    /// <summary>The channels that carry broadcasts to these rooms on this pod (the namespace channel always does).</summary>
    private IEnumerable<SubscriptionKey> SubscriptionsFor(IEnumerable<string> rooms)
    {
        var global = ShardSelector.GlobalShard;
        if (_backplane.Options.SubscriptionMode == SubscriptionMode.Pattern)
        {
            return [new SubscriptionKey(global, _channels.BroadcastPattern, IsPattern: true)];
        }

        return [new SubscriptionKey(global, _channels.Broadcast, IsPattern: false), .. rooms.Select(RoomSubscription)];
    }

    private SubscriptionKey RoomSubscription(string room)
    {
        var channel = _channels.Room(room);
        return new SubscriptionKey(_backplane.Shards.ShardOfRoomChannel(channel), channel, IsPattern: false);
    }

    private void Subscribe(SubscriptionKey key, Action<SubscriberMessage> handler)
    {
        _fixedSubscriptions.Add(key);
        _backplane.Subscriptions.Want(key, handler);
    }

    private void PublishRequest(byte[] payload) =>
        _backplane.Publisher.TryPublish(ShardSelector.GlobalShard, _channels.Request, payload);

    private void PublishResponse(string? requesterUid, byte[] payload)
    {
        // The Node adapter listens on its own response channel too, so answers go only to the server that asked.
        var channel = string.IsNullOrEmpty(requesterUid) ? _channels.Response : _channels.ResponseFor(requesterUid);
        _backplane.Publisher.TryPublish(ShardSelector.GlobalShard, channel, payload);
    }

    private async Task<IReadOnlyList<NotepackMessage>> AskOthersAsync(string requestName, Func<string, byte[]> buildRequest,
        CancellationToken cancellationToken)
    {
        var others = await _backplane.CountSubscribersAsync(_channels.Request) - 1;
        if (others <= 0)
        {
            return [];
        }

        var requestId = ServerUidGenerator.Next();
        var collector = _pending.Start(requestId, requestName, others);
        try
        {
            PublishRequest(buildRequest(requestId));
            return await collector.WaitAsync(_backplane.Options.RequestsTimeout, cancellationToken);
        }
        finally
        {
            _pending.Finish(requestId);
        }
    }

    private void OnBroadcastMessage(SubscriberMessage message)
    {
        _backplane.Metrics.Received("broadcast");
        var room = _channels.RoomOf(message.Channel);
        if (room is null || (room.Length > 0 && !_localRooms.ContainsKey(room)))
        {
            return;
        }

        if (!TryDecode(message, BroadcastMessage.Decode, out var broadcast) || broadcast.Packet.Namespace != Namespace.Name)
        {
            return;
        }

        // A pod with recovery on delivers its own logged broadcasts here; every other one of its own was delivered
        // when it was sent.
        var logged = _log is not null && broadcast.Offset is not null && TakesOffset(broadcast.Packet, broadcast.Options);
        if (logged)
        {
            base.Broadcast(WithOffset(broadcast.Packet, broadcast.Offset!), broadcast.Options);
        }
        else if (broadcast.Uid != _uid)
        {
            base.Broadcast(broadcast.Packet, broadcast.Options);
        }
    }

    private void OnRequestMessage(SubscriberMessage message)
    {
        _backplane.Metrics.Received("request");
        if (!TryDecode(message, NotepackMessage.Decode, out var request) || request.Root.ValueKind != JsonValueKind.Object
            || !request.Root.TryGetProperty("type", out var typeElement) || !typeElement.TryGetInt32(out var type))
        {
            return;
        }

        var root = request.Root;
        var uid = StringProperty(root, "uid");
        var requestId = StringProperty(root, "requestId");
        try
        {
            HandleRequest((RequestType)type, root, uid, requestId, request.Attachments);
        }
        catch (Exception e) when (e is RedisWireFormatException or InvalidOperationException or KeyNotFoundException
                                      or FormatException)
        {
            CountUndecodable(message, e);
        }
    }

    private void HandleRequest(RequestType type, JsonElement root, string? uid, string? requestId,
        IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        var fromSelf = uid == _uid;
        switch (type)
        {
            case RequestType.Sockets when !fromSelf && requestId is not null:
                var options = new BroadcastOptions { Rooms = WireOptions.ReadRooms(root, "rooms") };
                PublishResponse(uid, RequestMessages.SocketIds(requestId, LocalSocketIds(options)));
                break;
            case RequestType.AllRooms when !fromSelf && requestId is not null:
                PublishResponse(uid, RequestMessages.AllRoomsResponse(requestId, _localRooms.Keys));
                break;
            case RequestType.RemoteJoin or RequestType.RemoteLeave or RequestType.RemoteDisconnect when !fromSelf:
                HandleSocketManagement(type, root, uid, requestId);
                break;
            case RequestType.RemoteFetch when !fromSelf && requestId is not null:
                _ = AnswerFetchAsync(uid, requestId, WireOptions.Read(OptionalProperty(root, "opts")));
                break;
            case RequestType.ServerSideEmit when !fromSelf:
                HandleServerSideEmit(root, uid, requestId, attachments);
                break;
            case RequestType.Broadcast when !fromSelf && requestId is not null && !_pending.IsOwnAck(requestId):
                AnswerBroadcastWithAck(root, uid, requestId, attachments);
                break;
            default:
                break;
        }
    }

    private void HandleSocketManagement(RequestType type, JsonElement root, string? uid, string? requestId)
    {
        if (root.TryGetProperty("opts", out var opts))
        {
            var options = WireOptions.Read(opts);
            var rooms = WireOptions.ReadRooms(root, "rooms");
            switch (type)
            {
                case RequestType.RemoteJoin:
                    base.AddSockets(options, rooms);
                    break;
                case RequestType.RemoteLeave:
                    base.DelSockets(options, rooms);
                    break;
                default:
                    base.DisconnectSockets(options, root.TryGetProperty("close", out var close) && close.ValueKind == JsonValueKind.True);
                    break;
            }

            return;
        }

        // The legacy single-socket form ({sid, room, requestId}) is answered only by the server that has the socket.
        var sid = StringProperty(root, "sid");
        if (sid is null || !Namespace.Sockets.TryGetValue(sid, out var socket))
        {
            return;
        }

        var room = StringProperty(root, "room");
        switch (type)
        {
            case RequestType.RemoteJoin when room is not null:
                socket.Join(room);
                break;
            case RequestType.RemoteLeave when room is not null:
                socket.Leave(room);
                break;
            case RequestType.RemoteDisconnect:
                socket.Disconnect(root.TryGetProperty("close", out var close) && close.ValueKind == JsonValueKind.True);
                break;
            default:
                return;
        }

        if (requestId is not null)
        {
            PublishResponse(uid, RequestMessages.Done(requestId));
        }
    }

    private async Task AnswerFetchAsync(string? uid, string requestId, BroadcastOptions options)
    {
        try
        {
            var local = await base.FetchSocketsAsync(options with { Flags = BroadcastFlags.None });
            PublishResponse(uid, RequestMessages.FetchResponse(requestId, local));
        }
        catch (Exception e) when (e is InvalidOperationException or JsonException or ObjectDisposedException)
        {
            // The requester times out as it would for a server that went away; this server goes on.
            RedisLog.FetchSocketsAnswerFailed(_logger, requestId, e);
        }
    }

    /// <summary>With a <c>requestId</c> the sender (Node's <c>serverSideEmitWithAck</c>) waits for one answer per server.</summary>
    private void HandleServerSideEmit(JsonElement root, string? uid, string? requestId,
        IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array || data.GetArrayLength() == 0)
        {
            return;
        }

        Action<SocketIOArguments>? reply = requestId is null ? null : ack => ReplyToServerSideEmit(uid, requestId, ack);
        OnServerSideEmit(new SocketIOPacket { Type = PacketType.Event, Namespace = Namespace.Name, Data = data, Attachments = attachments },
            reply);
    }

    private void ReplyToServerSideEmit(string? uid, string requestId, SocketIOArguments ack)
    {
        // The Node adapter sends and reads this answer as JSON text, which has no room for binary attachments.
        if (ack.Attachments.Count > 0)
        {
            throw new ArgumentException("A server-side emit is acknowledged as JSON over Redis; binary arguments cannot be sent",
                nameof(ack));
        }

        PublishResponse(uid, RequestMessages.ServerSideEmitResponse(requestId, ack.Count > 0 ? ack[0] : null));
    }

    private void AnswerBroadcastWithAck(JsonElement root, string? uid, string requestId,
        IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        if (!root.TryGetProperty("packet", out var packetElement))
        {
            return;
        }

        var packet = WirePacket.Read(packetElement, attachments);
        if (packet.Namespace != Namespace.Name)
        {
            return;
        }

        var options = WireOptions.Read(OptionalProperty(root, "opts"));
        base.BroadcastWithAck(packet, options,
            clientCount => PublishResponse(uid, RequestMessages.BroadcastClientCount(requestId, clientCount)),
            ack => PublishResponse(uid, RequestMessages.BroadcastAck(requestId, ack.Count > 0 ? ack[0] : null, ack.Attachments)));
    }

    private void OnResponseMessage(SubscriberMessage message)
    {
        _backplane.Metrics.Received("response");
        if (!TryDecode(message, NotepackMessage.Decode, out var response) || response.Root.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var requestId = StringProperty(response.Root, "requestId");
        if (requestId is null)
        {
            return;
        }

        if (_pending.TryGetAck(requestId, out var ackRequest))
        {
            var type = response.Root.TryGetProperty("type", out var t) && t.TryGetInt32(out var n) ? (RequestType)n : (RequestType)(-1);
            if (type == RequestType.BroadcastClientCount && response.Root.TryGetProperty("clientCount", out var count)
                                                         && count.TryGetInt32(out var clients))
            {
                ackRequest.ClientCount(clients);
            }
            else if (type == RequestType.BroadcastAck)
            {
                ackRequest.Ack(AckArguments(response));
            }

            return;
        }

        if (_pending.TryGet(requestId, out var collector))
        {
            collector.Add(response);
        }
    }

    /// <summary>The single ack argument of a BROADCAST_ACK as the arguments the waiting emitter gets.</summary>
    private static SocketIOArguments AckArguments(NotepackMessage response)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            if (response.Root.TryGetProperty("packet", out var argument))
            {
                argument.WriteTo(json);
            }

            json.WriteEndArray();
        }

        var reader = new Utf8JsonReader(buffer.WrittenSpan);
        return new SocketIOArguments(JsonElement.ParseValue(ref reader), response.Attachments);
    }

    private bool TryDecode<T>(SubscriberMessage message, Func<ReadOnlyMemory<byte>, T> decode, out T value)
    {
        try
        {
            value = decode(message.Payload);
            return true;
        }
        catch (Exception e) when (e is RedisWireFormatException or InvalidOperationException or FormatException
                                      or ArgumentException)
        {
            CountUndecodable(message, e);
            value = default!;
            return false;
        }
    }

    private void CountUndecodable(SubscriberMessage message, Exception error)
    {
        _backplane.Metrics.Undecodable();
        RedisLog.UndecodableMessage(_logger, message.Channel, error.Message);
    }

    private static string? StringProperty(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static JsonElement OptionalProperty(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) ? value : default;
}
