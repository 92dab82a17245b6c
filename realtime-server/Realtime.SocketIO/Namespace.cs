using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text.Json;
using Realtime.SocketIO.Adapters;
using Realtime.SocketIO.Diagnostics;
using Realtime.SocketIO.Protocol;

namespace Realtime.SocketIO;

/// <summary>
/// A Socket.IO namespace (<c>/</c> or one the host registered with <see cref="SocketIOServer.Of"/>): its middleware,
/// connection handlers, sockets and adapter.
/// </summary>
public sealed class Namespace
{
    private readonly ConcurrentDictionary<string, Socket> _sockets = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private readonly List<Func<Socket, ValueTask>> _middleware = [];
    private readonly List<Action<Socket>> _connectionHandlers = [];
    private readonly Dictionary<string, List<Action<SocketIOArguments, Ack?>>> _serverSideHandlers = new(StringComparer.Ordinal);
    private long _nextAckId;

    /// <summary>How long a restore may wait for the adapter (Redis) before the client is connected as a new socket.</summary>
    private static readonly TimeSpan RecoveryTimeout = TimeSpan.FromSeconds(5);

    internal Namespace(SocketIOServer server, string name, IAdapterFactory adapterFactory)
    {
        Server = server;
        Name = name;
        Adapter = adapterFactory.Create(this);
    }

    /// <summary>The name, with its leading slash.</summary>
    public string Name { get; }

    public SocketIOServer Server { get; }

    public Adapter Adapter { get; }

    /// <summary>The sockets connected to this namespace on this server, by id.</summary>
    public IReadOnlyDictionary<string, Socket> Sockets => _sockets;

    /// <summary>
    /// Adds middleware, run in order for every connecting socket before it is accepted; throw
    /// <see cref="ConnectionRejectedException"/> to refuse it.
    /// </summary>
    public Namespace Use(Func<Socket, ValueTask> middleware)
    {
        ArgumentNullException.ThrowIfNull(middleware);
        lock (_gate)
        {
            _middleware.Add(middleware);
        }

        return this;
    }

    /// <summary>Called for each accepted socket, before the client learns it is connected.</summary>
    public Namespace OnConnection(Action<Socket> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_gate)
        {
            _connectionHandlers.Add(handler);
        }

        return this;
    }

    /// <summary>Handles an event another server of the cluster sent with <see cref="ServerSideEmit"/>.</summary>
    public Namespace OnServerSideEmit(string eventName, Action<SocketIOArguments> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return OnServerSideEmit(eventName, (args, _) => handler(args));
    }

    /// <summary>
    /// Handles an event another server of the cluster sent; the <see cref="Ack"/> is there when that server asked
    /// for an answer (Node's <c>serverSideEmitWithAck</c>). Only its first argument travels, as in Node, and only
    /// the first call among this namespace's handlers is sent.
    /// </summary>
    public Namespace OnServerSideEmit(string eventName, Action<SocketIOArguments, Ack?> handler)
    {
        ArgumentNullException.ThrowIfNull(eventName);
        ArgumentNullException.ThrowIfNull(handler);
        lock (_gate)
        {
            if (!_serverSideHandlers.TryGetValue(eventName, out var list))
            {
                list = [];
                _serverSideHandlers[eventName] = list;
            }

            list.Add(handler);
        }

        return this;
    }

    public BroadcastOperator To(string room) => new BroadcastOperator(this).To(room);

    public BroadcastOperator To(IEnumerable<string> rooms) => new BroadcastOperator(this).To(rooms);

    public BroadcastOperator Except(string room) => new BroadcastOperator(this).Except(room);

    public BroadcastOperator Except(IEnumerable<string> rooms) => new BroadcastOperator(this).Except(rooms);

    /// <summary>Broadcasts on this server only, even with a cluster adapter.</summary>
    public BroadcastOperator Local => new BroadcastOperator(this).Local;

    /// <summary>How long a broadcast's <see cref="BroadcastOperator.EmitWithAckAsync"/> waits for acknowledgements.</summary>
    public BroadcastOperator Timeout(TimeSpan timeout) => new BroadcastOperator(this).Timeout(timeout);

    /// <summary>Broadcasts an event to every socket of the namespace.</summary>
    public void Emit(string eventName, params object?[] args) => new BroadcastOperator(this).Emit(eventName, args);

    /// <summary>Broadcasts an event to every socket of the namespace and collects their acknowledgements.</summary>
    public Task<IReadOnlyList<SocketIOArguments>> EmitWithAckAsync(string eventName, params object?[] args) =>
        new BroadcastOperator(this).EmitWithAckAsync(eventName, args);

    public ValueTask<IReadOnlyList<RemoteSocket>> FetchSocketsAsync(CancellationToken cancellationToken = default) =>
        new BroadcastOperator(this).FetchSocketsAsync(cancellationToken);

    /// <summary>Sends an event to the other servers of the cluster (their <see cref="OnServerSideEmit"/> handlers).</summary>
    public void ServerSideEmit(string eventName, params object?[] args)
    {
        EventNames.EnsureEmittable(eventName);
        Adapter.ServerSideEmit(EncodedPacket.ToPacket(PacketType.Event, Name, null, eventName, args));
    }

    internal long NextAckId() => Interlocked.Increment(ref _nextAckId) - 1;

    internal bool TryGetSocket(string id, [MaybeNullWhen(false)] out Socket socket) =>
        _sockets.TryGetValue(id, out socket);

    internal void Remove(Socket socket) => _sockets.TryRemove(new KeyValuePair<string, Socket>(socket.Id, socket));

    /// <summary>
    /// Runs the middleware for a CONNECT, then accepts (CONNECT reply) or refuses (CONNECT_ERROR). With recovery on, a
    /// client presenting a kept session and an offset still in the log gets its socket back instead.
    /// </summary>
    internal async Task ConnectAsync(SocketIOClient client, JsonElement auth)
    {
        var recovery = Server.Options.ConnectionStateRecovery;
        if (recovery is not null && RecoveryRequest(auth) is var (pid, offset)
            && await TryRestoreAsync(pid, offset) is { } session
            && await TryConnectRecoveredAsync(client, auth, session, offset, recovery))
        {
            return;
        }

        var socket = new Socket(this, client, NewSocketId(), SocketHandshakes.From(client.Connection, auth),
            recovery is null ? null : NewSocketId());
        var rejection = await RunMiddlewareAsync(socket);
        lock (client.Gate)
        {
            if (rejection is not null)
            {
                Reject(client, rejection);
                return;
            }

            if (!client.TryAttach(socket))
            {
                return;
            }

            _sockets[socket.Id] = socket;
            Adapter.AddAll(socket.Id, [socket.Id]);
            Accept(client, socket);
        }
    }

    /// <summary>
    /// Puts the restored socket back in its rooms holding live deliveries, reads what it missed, sends that and then
    /// what arrived meanwhile, and accepts it. False when the replay cannot be complete (the log no longer reaches the
    /// offset, or it is too large): the caller connects a new socket, so the client sees <c>recovered === false</c>.
    /// </summary>
    private async Task<bool> TryConnectRecoveredAsync(SocketIOClient client, JsonElement auth, PersistedSession session,
        string offset, ConnectionStateRecoveryOptions recovery)
    {
        var socket = new Socket(this, client, session.Sid, SocketHandshakes.From(client.Connection, auth), session.Pid, session);
        if (!recovery.SkipMiddlewares && await RunMiddlewareAsync(socket) is { } rejection)
        {
            Server.Metrics.Recovery(Name, RecoveryResult.Rejected);
            lock (client.Gate)
            {
                Reject(client, rejection);
            }

            return true;
        }

        socket.HoldLiveDeliveries(Server.MaxReplayBytes);
        _sockets[socket.Id] = socket;
        Adapter.AddAll(socket.Id, [.. session.Rooms, socket.Id]);
        var (missed, failed) = await TryReadMissedAsync(session, offset);
        lock (client.Gate)
        {
            if (missed is not null && socket.Replay(missed) && client.TryAttach(socket))
            {
                Server.Metrics.Recovery(Name, RecoveryResult.Recovered);
                Accept(client, socket);
                return true;
            }

            socket.AbandonReplay();
            Adapter.DelAll(socket.Id);
            Remove(socket);
            if (!client.IsOpen && missed is not null)
            {
                // The client left while its session was being restored: keep it for its next attempt.
                Server.Persist(Adapter, session);
            }

            Server.Metrics.Recovery(Name, !client.IsOpen ? RecoveryResult.Abandoned
                : failed ? RecoveryResult.Error : RecoveryResult.Incomplete);
            return !client.IsOpen;
        }
    }

    private void Reject(SocketIOClient client, ConnectionRejectedException rejection)
    {
        client.ConnectFailed(Name);
        client.Send(EncodedPacket.Encode(ConnectReplies.Rejected(Name, rejection.Message, rejection.Details)));
    }

    /// <summary>Called with the client's gate held: CONNECT, then the connection handlers.</summary>
    private void Accept(SocketIOClient client, Socket socket)
    {
        client.Send(EncodedPacket.Encode(ConnectReplies.Accepted(Name, socket.Id, socket.Pid)));
        if (socket.Pid is not null)
        {
            Adapter.OnSessionStarted(socket.Id, socket.Pid);
        }

        foreach (var handler in ConnectionHandlers())
        {
            try
            {
                handler(socket);
            }
            catch (Exception exception)
            {
                SocketIOLog.HandlerFailed(Server.Logger, socket.Id, "connection", exception);
            }
        }
    }

    /// <summary>The <c>pid</c> and <c>offset</c> socket.io-client adds to the CONNECT auth when it reconnects.</summary>
    private static (string Pid, string Offset)? RecoveryRequest(JsonElement auth) =>
        auth.ValueKind == JsonValueKind.Object
        && auth.TryGetProperty("pid", out var pid) && pid.ValueKind == JsonValueKind.String
        && auth.TryGetProperty("offset", out var offset) && offset.ValueKind == JsonValueKind.String
            ? (pid.GetString()!, offset.GetString()!)
            : null;

    /// <summary>A failing or slow adapter (Redis down) gives a new socket, never a hung or failed CONNECT.</summary>
    private async Task<PersistedSession?> TryRestoreAsync(string pid, string offset)
    {
        using var timeout = new CancellationTokenSource(RecoveryTimeout);
        try
        {
            var session = await Adapter.RestoreSessionAsync(pid, offset, timeout.Token).AsTask().WaitAsync(timeout.Token);
            if (session is null)
            {
                Server.Metrics.Recovery(Name, RecoveryResult.Unknown);
            }

            return session;
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            Server.Metrics.Recovery(Name, RecoveryResult.Error);
            SocketIOLog.RestoreFailed(Server.Logger, Name, exception.GetType().Name, exception.Message);
            return null;
        }
    }

    /// <returns>The missed packets, null when they cannot be complete; <c>Failed</c> when the adapter failed or timed out.</returns>
    private async Task<(IReadOnlyList<SocketIOPacket>? Missed, bool Failed)> TryReadMissedAsync(PersistedSession session,
        string offset)
    {
        using var timeout = new CancellationTokenSource(RecoveryTimeout);
        try
        {
            return (await Adapter.MissedPacketsAsync(session, offset, Server.MaxReplayBytes, timeout.Token).AsTask()
                .WaitAsync(timeout.Token), false);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            SocketIOLog.RestoreFailed(Server.Logger, Name, exception.GetType().Name, exception.Message);
            return (null, true);
        }
    }

    /// <param name="reply">Sends the answer to the server that asked for one; null when it did not.</param>
    internal void DispatchServerSideEvent(JsonElement data, IReadOnlyList<ReadOnlyMemory<byte>> attachments,
        Action<SocketIOArguments>? reply)
    {
        if (data[0].ValueKind != JsonValueKind.String)
        {
            return;
        }

        Action<SocketIOArguments, Ack?>[] handlers;
        lock (_gate)
        {
            handlers = _serverSideHandlers.TryGetValue(data[0].GetString()!, out var list) ? [.. list] : [];
        }

        var args = new SocketIOArguments(data, 1, attachments);
        var ack = reply is null ? null : CreateServerSideAck(reply);
        foreach (var handler in handlers)
        {
            try
            {
                handler(args, ack);
            }
            catch (Exception exception)
            {
                SocketIOLog.ServerSideHandlerFailed(Server.Logger, Name, data[0].GetString()!, exception);
            }
        }
    }

    private Ack CreateServerSideAck(Action<SocketIOArguments> reply)
    {
        var sent = 0;
        return args =>
        {
            if (Interlocked.Exchange(ref sent, 1) == 0)
            {
                var packet = EncodedPacket.ToPacket(PacketType.Ack, Name, null, null, args);
                reply(new SocketIOArguments(packet.Data.GetValueOrDefault(), 0, packet.Attachments));
            }
        };
    }

    private Action<Socket>[] ConnectionHandlers()
    {
        lock (_gate)
        {
            return [.. _connectionHandlers];
        }
    }

    private async Task<ConnectionRejectedException?> RunMiddlewareAsync(Socket socket)
    {
        Func<Socket, ValueTask>[] middleware;
        lock (_gate)
        {
            middleware = [.. _middleware];
        }

        foreach (var step in middleware)
        {
            try
            {
                await step(socket);
            }
            catch (ConnectionRejectedException rejection)
            {
                return rejection;
            }
            catch (Exception exception)
            {
                SocketIOLog.MiddlewareFailed(Server.Logger, Name, exception);
                return new ConnectionRejectedException("Internal server error");
            }
        }

        return null;
    }

    /// <summary>20 base64url characters from 15 random bytes, like the Engine.IO ids but independent of them.</summary>
    private static string NewSocketId()
    {
        Span<byte> bytes = stackalloc byte[15];
        RandomNumberGenerator.Fill(bytes);
        return Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_');
    }
}
