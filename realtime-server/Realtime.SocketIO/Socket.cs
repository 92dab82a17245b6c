using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Realtime.EngineIO;
using Realtime.SocketIO.Adapters;
using Realtime.SocketIO.Diagnostics;
using Realtime.SocketIO.Protocol;
using Realtime.SocketIO.Recovery;

namespace Realtime.SocketIO;

/// <summary>One client's membership of one namespace.</summary>
public sealed class Socket
{
    private readonly object _gate = new();
    private readonly SocketIOClient _client;
    private readonly PendingAcks _acks = new();

    // Copied on registration (rare), read without a lock or a copy on every packet (often); a flat array costs an
    // idle socket far less than a dictionary of lists.
    private EventHandlerEntry[] _handlers = [];
    private Action<string>[] _disconnectHandlers = [];
    private JsonObject? _data;
    private ReplayBuffer? _replay;
    private int _connected = 1;
    private int _sessionKept;

    internal Socket(Namespace nsp, SocketIOClient client, string id, SocketHandshake handshake, string? pid = null,
        PersistedSession? recoveredFrom = null)
    {
        Namespace = nsp;
        _client = client;
        Id = id;
        Handshake = handshake;
        Pid = pid;
        Recovered = recoveredFrom is not null;
        _data = recoveredFrom?.Data;
    }

    /// <summary>The Socket.IO id: random, distinct from the Engine.IO session id, and the name of its own room.</summary>
    public string Id { get; }

    public Namespace Namespace { get; }

    public SocketHandshake Handshake { get; }

    /// <summary>Application data kept with the socket (and returned by fetchSockets on any server).</summary>
    public JsonObject Data => LazyInitializer.EnsureInitialized(ref _data, static () => []);

    /// <summary>The rooms the socket is in, its own-id room included.</summary>
    public IReadOnlySet<string> Rooms => Namespace.Adapter.SocketRooms(Id);

    public bool Connected => Volatile.Read(ref _connected) == 1;

    /// <summary>Whether connection state recovery gave this socket back its previous id, rooms, data and missed events.</summary>
    public bool Recovered { get; }

    /// <summary>The private session id a recovering client presents (set only with recovery on); never logged.</summary>
    internal string? Pid { get; }

    /// <summary>The Engine.IO transport the client currently uses (<c>polling</c> or <c>websocket</c>).</summary>
    public string Transport => _client.Connection.Transport;

    /// <summary>Everyone in the namespace but this socket.</summary>
    public BroadcastOperator Broadcast => new BroadcastOperator(Namespace).Except(Id);

    /// <summary>Handles an event; <c>ack</c> is non-null when the client asked for an acknowledgement.</summary>
    public Socket On(string eventName, Action<SocketIOArguments, Ack?> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Add(new EventHandlerEntry(eventName, handler, null));
    }

    /// <summary>Handles an event asynchronously; failures are logged, never thrown at the connection.</summary>
    public Socket On(string eventName, Func<SocketIOArguments, Ack?, Task> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Add(new EventHandlerEntry(eventName, null, handler));
    }

    /// <summary>Called once when the socket leaves the namespace, with the reason.</summary>
    public Socket OnDisconnect(Action<string> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_gate)
        {
            _disconnectHandlers = [.. _disconnectHandlers, handler];
        }

        return this;
    }

    /// <summary>Sends an event to this client only.</summary>
    public void Emit(string eventName, params object?[] args)
    {
        EventNames.EnsureEmittable(eventName);
        if (Pid is not null)
        {
            // As socket.io does with recovery on: a broadcast to the own room gets an offset and is logged for replay.
            Namespace.Adapter.Broadcast(EncodedPacket.ToPacket(PacketType.Event, Namespace.Name, null, eventName, args),
                new BroadcastOptions { Rooms = new HashSet<string>(StringComparer.Ordinal) { Id } });
            return;
        }

        Send(EncodedPacket.Encode(PacketType.Event, Namespace.Name, null, eventName, args));
    }

    /// <summary>Sends an event and waits for the client's acknowledgement (the default ack timeout applies).</summary>
    public Task<SocketIOArguments> EmitWithAckAsync(string eventName, params object?[] args) =>
        EmitWithAckAsync(eventName, args, Namespace.Server.Options.AckTimeout);

    /// <summary>
    /// Sends an event and waits for the client's acknowledgement; throws <see cref="TimeoutException"/> when none
    /// comes within <paramref name="timeout"/> and <see cref="OperationCanceledException"/> when the socket goes.
    /// </summary>
    public Task<SocketIOArguments> EmitWithAckAsync(string eventName, IReadOnlyList<object?> args, TimeSpan timeout,
        CancellationToken cancellationToken = default)
    {
        EventNames.EnsureEmittable(eventName);
        ArgumentNullException.ThrowIfNull(args);
        var completion = new TaskCompletionSource<SocketIOArguments>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!Connected)
        {
            completion.SetException(new OperationCanceledException("the socket is disconnected"));
            return completion.Task;
        }

        var id = Namespace.NextAckId();
        _acks.Add(id, timeout, result => completion.TrySetResult(result), error => completion.TrySetException(error));
        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.Register(() =>
            {
                _acks.Cancel(id);
                completion.TrySetCanceled(cancellationToken);
            });
            completion.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        Send(EncodedPacket.Encode(PacketType.Event, Namespace.Name, id, eventName, args.ToArray()));
        return completion.Task;
    }

    /// <summary>Joins a room.</summary>
    public void Join(string room) => Join([room]);

    public void Join(IEnumerable<string> rooms)
    {
        if (Connected)
        {
            Namespace.Adapter.AddAll(Id, rooms);
        }
    }

    public void Leave(string room) => Namespace.Adapter.Del(Id, room);

    public void Leave(IEnumerable<string> rooms)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        foreach (var room in rooms)
        {
            Leave(room);
        }
    }

    /// <summary>Everyone in the room but this socket.</summary>
    public BroadcastOperator To(string room) => new BroadcastOperator(Namespace).To(room).Except(Id);

    /// <summary>
    /// Leaves the namespace (the client gets DISCONNECT); with <paramref name="close"/> the whole connection, and so
    /// every namespace of this client, is closed.
    /// </summary>
    public void Disconnect(bool close = false)
    {
        if (close)
        {
            _client.Close(SocketDisconnectReasons.ServerNamespaceDisconnect);
            return;
        }

        if (!Connected)
        {
            return;
        }

        Send(EncodedPacket.Encode(new SocketIOPacket { Type = PacketType.Disconnect, Namespace = Namespace.Name }));
        OnClose(SocketDisconnectReasons.ServerNamespaceDisconnect);
    }

    public override string ToString() => $"{Namespace.Name}#{Id}";

    internal EngineConnection Connection => _client.Connection;

    /// <summary>The session to keep, once: a drain keeps it before closing, and the close then keeps nothing more.</summary>
    internal PersistedSession? TakeSessionToKeep() =>
        Pid is null || Interlocked.Exchange(ref _sessionKept, 1) == 1
            ? null
            : new PersistedSession
            {
                Sid = Id,
                Pid = Pid,
                Rooms = [.. Rooms],
                Data = JsonNode.Parse(Data.ToJsonString())!.AsObject(),
            };

    internal RemoteSocket Snapshot() =>
        new(Id, Handshake, Rooms, JsonNode.Parse(Data.ToJsonString())!.AsObject());

    /// <summary>Queues one recipient's copy of a broadcast; the adapter counts the broadcast's packets.</summary>
    internal void SendEncoded(EncodedPacket packet)
    {
        if (Volatile.Read(ref _replay) is { } replay)
        {
            if (replay.TryTake(packet))
            {
                return;
            }

            if (replay.Done)
            {
                Interlocked.CompareExchange(ref _replay, null, replay);
            }
        }

        _client.Deliver(packet);
    }

    /// <summary>Called before a recovered socket joins its rooms: live deliveries wait for the replay.</summary>
    internal void HoldLiveDeliveries(long maxBytes) => _replay = new ReplayBuffer(maxBytes);

    /// <summary>
    /// Sends the missed packets, then what arrived live meanwhile and was not among them; false when the live ones
    /// exceeded their bound (nothing more is sent then).
    /// </summary>
    internal bool Replay(IReadOnlyList<SocketIOPacket> missed)
    {
        StreamOffset? last = null;
        foreach (var packet in missed)
        {
            _client.Deliver(EncodedPacket.Encode(packet));
            if (StreamOffset.TryParse(packet.Offset, out var offset))
            {
                last = offset;
            }
        }

        var replay = Volatile.Read(ref _replay);
        if (replay is null || replay.Release(last, packet => _client.Deliver(packet)))
        {
            if (replay?.Done == true)
            {
                Interlocked.CompareExchange(ref _replay, null, replay);
            }

            return true;
        }

        return false;
    }

    /// <summary>A recovered socket whose replay could not be completed: its held deliveries are dropped with it.</summary>
    internal void AbandonReplay() => Interlocked.Exchange(ref _replay, null)?.Release(null, static _ => { });

    internal void RegisterAck(long id, Action<SocketIOArguments> callback, TimeSpan timeout) =>
        _acks.Add(id, timeout, callback, static _ => { });

    internal void OnPacket(SocketIOPacket packet)
    {
        switch (packet.Type)
        {
            case PacketType.Event or PacketType.BinaryEvent:
                OnEvent(packet);
                break;
            case PacketType.Ack or PacketType.BinaryAck:
                _acks.Complete(packet.Id!.Value, new SocketIOArguments(packet.Data!.Value, 0, packet.Attachments));
                break;
            case PacketType.Disconnect:
                OnClose(SocketDisconnectReasons.ClientNamespaceDisconnect);
                break;
        }
    }

    /// <summary>Leaves every room, drops pending acks and tells the disconnect handlers; runs once.</summary>
    internal void OnClose(string reason)
    {
        if (Interlocked.Exchange(ref _connected, 0) == 0)
        {
            return;
        }

        if (Pid is not null && RecoverableDisconnectReasons.Contains(reason))
        {
            if (TakeSessionToKeep() is { } session)
            {
                Namespace.Server.Persist(Namespace.Adapter, session);
            }
        }
        else if (Pid is not null)
        {
            Namespace.Adapter.OnSessionEnded(Pid);
        }

        Namespace.Adapter.DelAll(Id);
        Namespace.Remove(this);
        _client.Detach(this);
        _acks.CancelAll();
        foreach (var handler in Volatile.Read(ref _disconnectHandlers))
        {
            try
            {
                handler(reason);
            }
            catch (Exception exception)
            {
                SocketIOLog.HandlerFailed(Namespace.Server.Logger, Id, "disconnect", exception);
            }
        }
    }

    private void Send(EncodedPacket packet) => _client.Send(packet);

    private void OnEvent(SocketIOPacket packet)
    {
        var data = packet.Data!.Value;
        var name = data[0].ValueKind == JsonValueKind.String ? data[0].GetString()! : data[0].GetRawText();
        var args = new SocketIOArguments(data, 1, packet.Attachments);
        var ack = packet.Id is { } id ? CreateAck(id) : null;
        foreach (var handler in Volatile.Read(ref _handlers))
        {
            if (string.Equals(handler.EventName, name, StringComparison.Ordinal))
            {
                Invoke(handler, args, ack);
            }
        }
    }

    private Socket Add(EventHandlerEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry.EventName);
        lock (_gate)
        {
            _handlers = [.. _handlers, entry];
        }

        return this;
    }

    private Ack CreateAck(long id)
    {
        var sent = 0;
        return args =>
        {
            if (Interlocked.Exchange(ref sent, 1) == 0 && Connected)
            {
                Send(EncodedPacket.Encode(PacketType.Ack, Namespace.Name, id, null, args));
            }
        };
    }

    private void Invoke(EventHandlerEntry handler, SocketIOArguments args, Ack? ack)
    {
        Task task;
        try
        {
            if (handler.Sync is { } sync)
            {
                sync(args, ack);
                return;
            }

            task = handler.Async!(args, ack);
        }
        catch (Exception exception)
        {
            SocketIOLog.HandlerFailed(Namespace.Server.Logger, Id, handler.EventName, exception);
            return;
        }

        if (!task.IsCompletedSuccessfully)
        {
            task.ContinueWith(
                t => SocketIOLog.HandlerFailed(Namespace.Server.Logger, Id, handler.EventName, t.Exception!),
                CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }

    /// <summary>One registered handler: exactly one of <see cref="Sync"/> and <see cref="Async"/> is set.</summary>
    private readonly record struct EventHandlerEntry(
        string EventName,
        Action<SocketIOArguments, Ack?>? Sync,
        Func<SocketIOArguments, Ack?, Task>? Async);
}
