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

    internal bool TryGetNamespace(string name, [MaybeNullWhen(false)] out Namespace nsp) =>
        _namespaces.TryGetValue(name, out nsp);
}
