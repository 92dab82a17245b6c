using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Realtime.SocketIO.Redis.Backplane;

/// <summary>
/// Keeps the channels this pod should listen to in step with Redis. Callers state what they want
/// (<see cref="Want"/>, <see cref="DoNotWant"/>) without waiting; one background loop applies the changes in order,
/// and sweeps every subscription after a reconnect and once a second, so a pod that reconnected never stays deaf.
/// </summary>
internal sealed class SubscriptionManager : IAsyncDisposable
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);

    /// <summary>Channels (un)subscribed concurrently, so a burst of new rooms is pipelined rather than one round trip each.</summary>
    private const int BatchSize = 256;

    private readonly IReadOnlyList<ShardConnection> _shards;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<SubscriptionKey, Action<ChannelMessage>> _desired = new();
    private readonly ConcurrentQueue<SubscriptionKey> _changed = new();
    private readonly ConcurrentDictionary<SubscriptionKey, ChannelMessageQueue> _active = new();
    private readonly SemaphoreSlim _wakeUp = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private int _sweepRequested;
    private long _requested;
    private long _applied;

    public SubscriptionManager(IReadOnlyList<ShardConnection> shards, ILogger logger)
    {
        _shards = shards;
        _logger = logger;
        foreach (var shard in shards)
        {
            shard.SubscriptionConnectionRestored += _ => RequestSweep();
        }

        _loop = Task.Run(RunAsync);
    }

    /// <summary>Subscriptions confirmed by Redis right now (for tests and diagnostics).</summary>
    public int ActiveCount => _active.Count;

    /// <summary>True when every wanted channel is subscribed and no unwanted one is.</summary>
    public bool InSync => Interlocked.Read(ref _applied) == Interlocked.Read(ref _requested);

    /// <summary>Listen to <paramref name="key"/>; messages reach <paramref name="handler"/> one at a time, in order.</summary>
    public void Want(SubscriptionKey key, Action<ChannelMessage> handler)
    {
        _desired[key] = handler;
        Interlocked.Increment(ref _requested);
        _changed.Enqueue(key);
        Wake();
    }

    public void DoNotWant(SubscriptionKey key)
    {
        if (_desired.TryRemove(key, out _))
        {
            Interlocked.Increment(ref _requested);
            _changed.Enqueue(key);
            Wake();
        }
    }

    public bool IsWanted(SubscriptionKey key) => _desired.ContainsKey(key);

    private void RequestSweep()
    {
        Interlocked.Exchange(ref _sweepRequested, 1);
        Wake();
    }

    private void Wake()
    {
        if (_wakeUp.CurrentCount == 0)
        {
            _wakeUp.Release();
        }
    }

    private async Task RunAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            bool woken;
            try
            {
                woken = await _wakeUp.WaitAsync(SweepInterval, _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var version = Interlocked.Read(ref _requested);
            try
            {
                if (!woken || Interlocked.Exchange(ref _sweepRequested, 0) == 1)
                {
                    await SweepAsync();
                }

                await ApplyChangesAsync();

                if (_active.Count == _desired.Count && _desired.Keys.All(_active.ContainsKey))
                {
                    Interlocked.Exchange(ref _applied, version);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The loop must outlive any single failure, or the pod would go deaf.
                _logger.LogError(e, "Redis subscription loop failed; retrying on the next sweep");
            }
        }
    }

    private async Task ApplyChangesAsync()
    {
        var batch = new HashSet<SubscriptionKey>();
        while (true)
        {
            batch.Clear();
            while (batch.Count < BatchSize && _changed.TryDequeue(out var key))
            {
                batch.Add(key);
            }

            if (batch.Count == 0)
            {
                return;
            }

            await Task.WhenAll(batch.Select(ReconcileAsync));
        }
    }

    private async Task SweepAsync()
    {
        var keys = _desired.Keys.Concat(_active.Keys.Where(key => !_desired.ContainsKey(key))).Distinct().ToList();
        foreach (var batch in keys.Chunk(BatchSize))
        {
            await Task.WhenAll(batch.Select(ReconcileAsync));
        }
    }

    private async Task ReconcileAsync(SubscriptionKey key)
    {
        var shard = _shards[key.Shard];
        var multiplexer = shard.Multiplexer;
        var wanted = _desired.TryGetValue(key, out var handler);
        var active = _active.TryGetValue(key, out var queue);
        if (multiplexer is null || !shard.IsConnected)
        {
            return;
        }

        var subscriber = multiplexer.GetSubscriber();
        var channel = key.ToRedisChannel();
        if (wanted && active && subscriber.IsConnected(channel) && !queue!.Completion.IsCompleted)
        {
            return;
        }

        if (active)
        {
            _active.TryRemove(key, out _);
            await UnsubscribeQuietlyAsync(subscriber, channel);
        }

        if (!wanted)
        {
            return;
        }

        try
        {
            var newQueue = await subscriber.SubscribeAsync(channel);
            newQueue.OnMessage(message => Deliver(handler!, message));
            _active[key] = newQueue;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            _logger.LogWarning("Subscribing to {Channel} on {Shard} failed ({Error}); retrying on the next sweep", key.Channel,
                shard, e.Message);
            // A failed SUBSCRIBE may leave a queue in the client's map; drop it so it cannot buffer messages unread.
            await UnsubscribeQuietlyAsync(subscriber, channel);
        }
    }

    /// <summary>The client library swallows a handler's exception without a trace; this one is at least logged.</summary>
    private void Deliver(Action<ChannelMessage> handler, ChannelMessage message)
    {
        try
        {
            handler(message);
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Handling a message from {Channel} failed", message.Channel);
        }
    }

    private async Task UnsubscribeQuietlyAsync(ISubscriber subscriber, RedisChannel channel)
    {
        try
        {
            await subscriber.UnsubscribeAsync(channel);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            _logger.LogDebug("Unsubscribing from {Channel} failed: {Error}", channel, e.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _loop;
        _stopping.Dispose();
        _wakeUp.Dispose();
    }
}
