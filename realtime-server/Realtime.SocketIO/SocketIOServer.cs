using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Realtime.EngineIO;
using Realtime.SocketIO.Adapters;
using Realtime.SocketIO.Diagnostics;

namespace Realtime.SocketIO;

/// <summary>The Socket.IO server: its namespaces (the main one, <c>/</c>, always exists).</summary>
public sealed class SocketIOServer
{
    private readonly ConcurrentDictionary<string, Namespace> _namespaces = new(StringComparer.Ordinal);
    private readonly IAdapterFactory _adapterFactory;

    public SocketIOServer(IOptions<SocketIOOptions> options, IOptions<EngineIOOptions> engineOptions,
        IAdapterFactory adapterFactory, IMeterFactory meterFactory, ILogger<SocketIOServer> logger,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(engineOptions);
        Options = options.Value;
        MaxHttpBufferSize = engineOptions.Value.MaxHttpBufferSize;
        MaxReplayBytes = engineOptions.Value.MaxOutboundBytes;
        TimeProvider = timeProvider ?? TimeProvider.System;
        _adapterFactory = adapterFactory;
        Logger = logger;
        Metrics = new SocketIOMetrics(meterFactory, () => _namespaces.Values);
        MainNamespace = Of("/");
    }

    public SocketIOOptions Options { get; }

    /// <summary>The main namespace, <c>/</c>.</summary>
    public Namespace MainNamespace { get; }

    public IReadOnlyCollection<Namespace> Namespaces => [.. _namespaces.Values];

    /// <summary>The transport's message limit, which also bounds the attachments a binary packet may hold.</summary>
    internal int MaxHttpBufferSize { get; }

    /// <summary>
    /// What a recovering socket may be replayed, and hold meanwhile: a client that cannot have more than this pending
    /// would be dropped as a slow consumer half-way through its replay.
    /// </summary>
    internal long MaxReplayBytes { get; }

    internal ILogger Logger { get; }

    /// <summary>The clock of the protocol's own deadlines (a registered <see cref="System.TimeProvider"/>, else the system's).</summary>
    internal TimeProvider TimeProvider { get; }

    internal SocketIOMetrics Metrics { get; }

    /// <summary>Protocol violations are logged at most ten a second: each is one client's input.</summary>
    internal LogRateLimiter ProtocolViolationLog { get; } = new(10, TimeSpan.FromSeconds(1), TimeProvider.System);

    /// <summary>The namespace of that name, created (with its adapter) on first use; names start with <c>/</c>.</summary>
    public Namespace Of(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name[0] != '/')
        {
            name = "/" + name;
        }

        return _namespaces.GetOrAdd(name, static (key, server) => new Namespace(server, key, server._adapterFactory),
            this);
    }

    /// <summary>
    /// Keeps the sessions of these connections' sockets now, before they are closed (a drain calls it): their clients
    /// may reconnect to another server faster than a close completes. Without recovery it does nothing.
    /// </summary>
    public Task PersistSessionsAsync(IReadOnlyCollection<EngineConnection> connections,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connections);
        if (Options.ConnectionStateRecovery is null || connections.Count == 0)
        {
            return Task.CompletedTask;
        }

        var closing = new HashSet<EngineConnection>(connections);
        var persisting = new List<Task>();
        foreach (var nsp in _namespaces.Values)
        {
            foreach (var socket in nsp.Sockets.Values)
            {
                if (closing.Contains(socket.Connection) && socket.TakeSessionToKeep() is { } session)
                {
                    persisting.Add(PersistAsync(nsp.Adapter, session));
                }
            }
        }

        return Task.WhenAll(persisting).WaitAsync(cancellationToken);
    }

    /// <summary>Keeps a disconnected socket's session without waiting; a failure is logged (the client reconnects as new).</summary>
    internal void Persist(Adapter adapter, PersistedSession session) => _ = PersistAsync(adapter, session);

    private async Task PersistAsync(Adapter adapter, PersistedSession session)
    {
        try
        {
            await adapter.PersistSessionAsync(session);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            SocketIOLog.PersistFailed(Logger, adapter.Namespace.Name, exception.GetType().Name, exception.Message);
        }
    }

    internal bool TryGetNamespace(string name, [MaybeNullWhen(false)] out Namespace nsp) =>
        _namespaces.TryGetValue(name, out nsp);
}
