using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Realtime.SocketIO.Redis.Subscriber;

namespace Realtime.SocketIO.Redis.Backplane;

/// <summary>
/// Keeps the channels this pod should listen to in step with Redis. Callers state what they want
/// (<see cref="Want"/>, <see cref="DoNotWant"/>) without waiting; one background loop sends the SUBSCRIBE and
/// UNSUBSCRIBE commands, and compares what is wanted with what Redis confirmed after every reconnect and once a
/// second, so a pod that reconnected never stays deaf. Each shard has one <see cref="OrderedSubscriber"/>, so
/// messages of one shard reach their handlers one at a time, in the order Redis sent them.
/// </summary>
internal sealed class SubscriptionManager : IAsyncDisposable
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);

    /// <summary>Channels per SUBSCRIBE command, so a burst of new rooms costs a few commands rather than one each.</summary>
    private const int BatchSize = 256;

    /// <summary>Larger messages end the subscriber connection (Redis itself allows 512 MiB; nobody should broadcast that).</summary>
    private const long MaxMessageBytes = 64L * 1024 * 1024;

    private readonly OrderedSubscriber[] _subscribers;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<SubscriptionKey, Action<SubscriberMessage>> _desired = new();
    private readonly SemaphoreSlim _wakeUp = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    public SubscriptionManager(IReadOnlyList<ShardConnection> shards, ILogger logger)
    {
        _logger = logger;
        _subscribers = shards.Select(shard => new OrderedSubscriber($"shard {shard.Index} ({shard.EndPoints})", shard.Configuration,
            shard.MaxBackoff, MaxMessageBytes, logger, _ => Wake(), message => Dispatch(shard.Index, message))).ToArray();
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Subscriptions Redis has confirmed right now (for tests and diagnostics).</summary>
    public int ActiveCount => _subscribers.Sum(subscriber => subscriber.ConfirmedCount);

    public bool AllConnected => _subscribers.All(subscriber => subscriber.IsConnected);

    public bool IsConnected(int shard) => _subscribers[shard].IsConnected;

    /// <summary>True when every wanted channel is confirmed by Redis and no unwanted one is.</summary>
    public bool InSync =>
        _desired.Keys.All(key => _subscribers[key.Shard].IsConfirmed(key.Channel, key.IsPattern))
        && _subscribers.Select((subscriber, shard) => subscriber.Confirmed.All(c => _desired.ContainsKey(new(shard, c.Channel, c.IsPattern))))
            .All(clean => clean);

    /// <summary>Listen to <paramref name="key"/>; messages reach <paramref name="handler"/> one at a time, in order.</summary>
    public void Want(SubscriptionKey key, Action<SubscriberMessage> handler)
    {
        _desired[key] = handler;
        Wake();
    }

    public void DoNotWant(SubscriptionKey key)
    {
        if (_desired.TryRemove(key, out _))
        {
            Wake();
        }
    }

    public bool IsWanted(SubscriptionKey key) => _desired.ContainsKey(key);

    private void Dispatch(int shard, SubscriberMessage message)
    {
        // A message can still arrive for a channel that was just given up; it has nobody to go to.
        if (_desired.TryGetValue(new SubscriptionKey(shard, message.Subscription, message.IsPattern), out var handler))
        {
            handler(message);
        }
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
            try
            {
                await _wakeUp.WaitAsync(SweepInterval, _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                for (var shard = 0; shard < _subscribers.Length; shard++)
                {
                    await ReconcileAsync(shard);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The loop must outlive any single failure, or the pod would go deaf.
                _logger.LogError(e, "Redis subscription loop failed; retrying on the next sweep");
            }
        }
    }

    /// <summary>
    /// Subscribes whatever is wanted and not confirmed and unsubscribes whatever is confirmed and not wanted. Commands
    /// whose confirmation is still on its way are sent again on the next pass; Redis treats repeats as no-ops.
    /// </summary>
    private async Task ReconcileAsync(int shard)
    {
        var subscriber = _subscribers[shard];
        if (!subscriber.IsConnected)
        {
            return;
        }

        var wanted = _desired.Keys.Where(key => key.Shard == shard).ToList();
        foreach (var isPattern in new[] { false, true })
        {
            var missing = wanted.Where(key => key.IsPattern == isPattern && !subscriber.IsConfirmed(key.Channel, isPattern))
                .Select(key => key.Channel);
            foreach (var batch in missing.Chunk(BatchSize))
            {
                await subscriber.SubscribeAsync(batch, isPattern);
            }

            var unwanted = subscriber.Confirmed
                .Where(c => c.IsPattern == isPattern && !_desired.ContainsKey(new SubscriptionKey(shard, c.Channel, isPattern)))
                .Select(c => c.Channel);
            foreach (var batch in unwanted.Chunk(BatchSize))
            {
                await subscriber.UnsubscribeAsync(batch, isPattern);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _loop;
        foreach (var subscriber in _subscribers)
        {
            await subscriber.DisposeAsync();
        }

        _stopping.Dispose();
        _wakeUp.Dispose();
    }
}
