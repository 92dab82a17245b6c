using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Realtime.SocketIO.Redis.Diagnostics;
using Realtime.SocketIO.Redis.Sharding;
using StackExchange.Redis;

namespace Realtime.SocketIO.Redis.Backplane;

/// <summary>
/// The process-wide Redis side of the adapter: one connection per shard, the subscription manager, the publish
/// queue and the metrics, shared by the adapters of every namespace.
/// </summary>
public sealed class RedisBackplane : IBackplaneHealth, IAsyncDisposable
{
    private readonly ShardConnection[] _shards;
    private readonly ILogger _logger;
    private readonly Lazy<Task> _disposal;

    public RedisBackplane(IOptions<RedisAdapterOptions> options, ILoggerFactory loggerFactory,
        IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        Options = options.Value;
        _logger = loggerFactory.CreateLogger<RedisBackplane>();
        _shards = Options.Configurations
            .Select((configuration, index) => new ShardConnection(index, configuration, Options.MaxReconnectBackoff, _logger))
            .ToArray();
        Shards = new ShardSelector(_shards.Length);
        Subscriptions = new SubscriptionManager(_shards, _logger, CountOversizeMessage);
        Metrics = new RedisAdapterMetrics(meterFactory, () => _shards.Count(IsConnected));
        Publisher = new PublishQueue(_shards, Options.PublishQueueCapacity, Options.FailoverBufferBytes, IsShardListening, Metrics,
            _logger);
        _disposal = new Lazy<Task>(DisposeOnceAsync);
    }

    public RedisAdapterOptions Options { get; }

    public BackplaneState State => _shards.All(IsConnected) ? BackplaneState.Connected : BackplaneState.Disconnected;

    public bool IsListening => State == BackplaneState.Connected && Subscriptions.AllWantedConfirmed;

    public string Description => string.Join("; ", _shards.Select(Describe));

    /// <summary>This pod's backplane traffic so far: what the benchmark reports per pod.</summary>
    public BackplaneCounters Counters => Metrics.Snapshot;

    /// <summary>Subscriptions Redis has confirmed (for tests and diagnostics).</summary>
    public int ActiveSubscriptions => Subscriptions.ActiveCount;

    /// <summary>True when every channel this pod needs is subscribed (false while Redis is unreachable).</summary>
    public bool SubscriptionsInSync => State == BackplaneState.Connected && Subscriptions.InSync;

    internal ShardSelector Shards { get; }

    internal RedisAdapterMetrics Metrics { get; }

    internal SubscriptionManager Subscriptions { get; }

    internal PublishQueue Publisher { get; }

    internal ILogger Logger => _logger;

    /// <summary>The first shard's command connection, where namespace-wide keys live; null until it connects.</summary>
    internal StackExchange.Redis.ConnectionMultiplexer? GlobalMultiplexer => _shards[ShardSelector.GlobalShard].Multiplexer;

    /// <summary>
    /// <c>PUBSUB NUMSUB</c> of a request channel: the servers (ours and Node's) of a namespace. 1 (just this
    /// server) when Redis cannot be asked, so cluster-wide operations degrade to local ones instead of waiting.
    /// </summary>
    internal async Task<long> CountSubscribersAsync(string channel)
    {
        var multiplexer = _shards[ShardSelector.GlobalShard].Multiplexer;
        if (multiplexer is null || !multiplexer.IsConnected)
        {
            return 1;
        }

        try
        {
            var reply = await multiplexer.GetDatabase().ExecuteAsync("PUBSUB", "NUMSUB", channel);
            var parts = (RedisResult[])reply!;
            return parts.Length == 2 ? (long)parts[1] : 1;
        }
        catch (Exception e) when (e is RedisException or TimeoutException or InvalidCastException)
        {
            RedisLog.ServerCountFailed(_logger, channel, e.Message);
            return 1;
        }
    }

    private string Describe(ShardConnection shard)
    {
        var (wanted, confirmed) = Subscriptions.Progress(shard.Index);
        var line = $"{shard}: {(shard.IsConnected ? "connected" : "disconnected")}, subscriber " +
                   $"{(Subscriptions.IsConnected(shard.Index) ? "connected" : "disconnected")}, {confirmed} of {wanted} channels confirmed";
        var deaf = confirmed < wanted || !Subscriptions.IsConnected(shard.Index);
        var reason = shard.Sentinel?.Problem ?? Subscriptions.LastFailure(shard.Index);
        return deaf && reason is not null ? $"{line} ({reason})" : line;
    }

    private bool IsShardListening(int shard)
    {
        var (wanted, confirmed) = Subscriptions.Progress(shard);
        return Subscriptions.IsConnected(shard) && confirmed == wanted;
    }

    /// <summary>Both of a shard's connections are up: commands and publishing, and the subscriber.</summary>
    private bool IsConnected(ShardConnection shard) => shard.IsConnected && Subscriptions.IsConnected(shard.Index);

    private void CountOversizeMessage() => Metrics.Undecodable();

    /// <summary>
    /// Idempotent: the container disposes this instance once per registration it was resolved through (itself and
    /// <see cref="IBackplaneHealth"/>); every caller awaits the one teardown.
    /// </summary>
    public ValueTask DisposeAsync() => new(_disposal.Value);

    private async Task DisposeOnceAsync()
    {
        await Subscriptions.DisposeAsync();
        await Publisher.DisposeAsync();
        foreach (var shard in _shards)
        {
            await shard.DisposeAsync();
        }

        Metrics.Dispose();
    }
}
