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
    private readonly ConcurrentDictionary<Task, byte> _persisting = new();

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
    /// Completes when the sessions of the sockets that have disconnected so far are kept by their adapters: a drain
    /// awaits it before the process exits, so a session stored in Redis is not lost with the pod.
    /// </summary>
    public Task SessionsPersistedAsync(CancellationToken cancellationToken = default) =>
        Task.WhenAll(_persisting.Keys).WaitAsync(cancellationToken);

    internal void Persist(Adapter adapter, PersistedSession session)
    {
        var task = PersistAsync(adapter, session);
        if (task.IsCompleted)
        {
            return;
        }

        _persisting[task] = 0;
        task.ContinueWith(done => _persisting.TryRemove(done, out _), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

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
