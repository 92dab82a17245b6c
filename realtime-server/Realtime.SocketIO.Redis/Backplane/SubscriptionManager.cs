using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Realtime.SocketIO.Redis.Diagnostics;
using Realtime.SocketIO.Redis.Subscriber;

namespace Realtime.SocketIO.Redis.Backplane;

/// <summary>
/// Keeps the channels this pod should listen to in step with Redis. Callers state what they want
/// (<see cref="Want"/>, <see cref="DoNotWant"/>) without waiting; one background loop sends SUBSCRIBE and UNSUBSCRIBE
/// for what changed, and once a second, and after every reconnect, compares everything wanted with what Redis
/// confirmed, so a pod that reconnected never stays deaf. Each shard has one <see cref="OrderedSubscriber"/>, so
/// messages of one shard reach their handlers one at a time, in the order Redis sent them.
/// </summary>
internal sealed class SubscriptionManager : IAsyncDisposable
{
    private static readonly TimeSpan FullPassInterval = TimeSpan.FromSeconds(1);

    /// <summary>How long a sent command may wait for its confirmation before it is sent again.</summary>
    private static readonly TimeSpan ConfirmationPatience = TimeSpan.FromSeconds(1);

    /// <summary>Channels per SUBSCRIBE command, so a burst of new rooms costs a few commands rather than one each.</summary>
    private const int BatchSize = 256;

    /// <summary>Larger messages are dropped and counted (Redis itself allows 512 MiB; nobody should broadcast that).</summary>
    private const long MaxMessageBytes = 64L * 1024 * 1024;

    private readonly OrderedSubscriber[] _subscribers;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<SubscriptionKey, Action<SubscriberMessage>> _desired = new();
    private readonly ConcurrentQueue<SubscriptionKey> _changed = new();

    /// <summary>When each unconfirmed command was sent (true: SUBSCRIBE), so a burst of changes does not repeat it.</summary>
    private readonly ConcurrentDictionary<(SubscriptionKey Key, bool Subscribe), long> _sent = new();
    private readonly SemaphoreSlim _wakeUp = new(0);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private int _fullPassRequested = 1;
    private long _lastFullPass;

    /// <param name="oversize">Called for each message dropped for its size.</param>
    public SubscriptionManager(IReadOnlyList<ShardConnection> shards, ILogger logger, Action oversize)
    {
        _logger = logger;
        _subscribers = shards.Select(shard => new OrderedSubscriber(shard.ToString(), shard.Configuration, shard.SubscriberTarget,
            shard.MaxBackoff, MaxMessageBytes, logger,
            connected: () => OnConnected(shard),
            unsubscribed: (channel, isPattern) => Changed(new SubscriptionKey(shard.Index, channel, isPattern)),
            oversize,
            onMessage: message => Dispatch(shard.Index, message))).ToArray();
        foreach (var shard in shards)
        {
            // A demoted master must be left at once: its subscribers hear nothing the new master is sent.
            shard.Sentinel?.MasterChanged += (_, _) => _subscribers[shard.Index].Reconnect();
        }

        _loop = Task.Run(RunAsync);
    }

    /// <summary>Subscriptions Redis has confirmed right now (for tests and diagnostics).</summary>
    public int ActiveCount => _subscribers.Sum(subscriber => subscriber.ConfirmedCount);

    public bool IsConnected(int shard) => _subscribers[shard].IsConnected;

    /// <summary>Why the shard's subscriber last failed (see <see cref="OrderedSubscriber.LastFailure"/>).</summary>
    public string? LastFailure(int shard) => _subscribers[shard].LastFailure;

    /// <summary>How many channels this pod wants on the shard, and how many of them Redis has confirmed.</summary>
    public (int Wanted, int Confirmed) Progress(int shard)
    {
        var subscriber = _subscribers[shard];
        int wanted = 0, confirmed = 0;
        foreach (var key in _desired.Keys)
        {
            if (key.Shard != shard)
            {
                continue;
            }

            wanted++;
            if (subscriber.IsConfirmed(key.Channel, key.IsPattern))
            {
                confirmed++;
            }
        }

        return (wanted, confirmed);
    }

    /// <summary>True when Redis has confirmed every channel wanted: the pod hears everything meant for it.</summary>
    public bool AllWantedConfirmed =>
        _desired.Keys.All(key => _subscribers[key.Shard].IsConfirmed(key.Channel, key.IsPattern));

    /// <summary>True when every wanted channel is confirmed by Redis and no unwanted one is.</summary>
    public bool InSync =>
        _desired.Keys.All(key => _subscribers[key.Shard].IsConfirmed(key.Channel, key.IsPattern))
        && _subscribers.Select((subscriber, shard) => subscriber.Confirmed.All(c => _desired.ContainsKey(new(shard, c.Channel, c.IsPattern))))
            .All(clean => clean);

    /// <summary>Listen to <paramref name="key"/>; messages reach <paramref name="handler"/> one at a time, in order.</summary>
    public void Want(SubscriptionKey key, Action<SubscriberMessage> handler)
    {
        _desired[key] = handler;
        Changed(key);
    }

    /// <summary>
    /// Completes once Redis confirmed every one of <paramref name="keys"/> (each must be wanted), woken by each
    /// confirmation of their shards' subscribers rather than polling.
    /// </summary>
    public async Task WhenConfirmedAsync(IEnumerable<SubscriptionKey> keys, CancellationToken cancellationToken)
    {
        var pending = keys.ToList();
        while (true)
        {
            // Taken before the check, so a confirmation arriving in between still wakes this wait.
            var next = pending.Select(key => key.Shard).Distinct().Select(shard => _subscribers[shard].NextConfirmation).ToList();
            pending.RemoveAll(key => _subscribers[key.Shard].IsConfirmed(key.Channel, key.IsPattern));
            if (pending.Count == 0)
            {
                return;
            }

            await Task.WhenAny(next).WaitAsync(cancellationToken);
        }
    }

    public void DoNotWant(SubscriptionKey key)
    {
        if (_desired.TryRemove(key, out _))
        {
            Changed(key);
        }
    }

    private void Dispatch(int shard, SubscriberMessage message)
    {
        // A message can still arrive for a channel that was just given up; it has nobody to go to.
        if (_desired.TryGetValue(new SubscriptionKey(shard, message.Subscription, message.IsPattern), out var handler))
        {
            handler(message);
        }
    }

    private void Changed(SubscriptionKey key)
    {
        _changed.Enqueue(key);
        Wake();
    }

    /// <summary>A new connection has confirmed nothing yet: everything wanted on it is sent again, at once.</summary>
    private void OnConnected(ShardConnection connection)
    {
        var shard = connection.Index;
        if (connection.Sentinel is { Master: { } master } sentinel)
        {
            sentinel.Reached(master, bySubscriber: true);
        }

        foreach (var sent in _sent.Keys.Where(sent => sent.Key.Shard == shard))
        {
            _sent.TryRemove(sent, out _);
        }

        Interlocked.Exchange(ref _fullPassRequested, 1);
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
            try
            {
                await _wakeUp.WaitAsync(FullPassInterval, _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                await ReconcileAsync(TakeKeysToCheck());
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The loop must outlive any single failure, or the pod would go deaf.
                RedisLog.SubscriptionLoopFailed(_logger, e);
            }
        }
    }

    /// <summary>What changed since the last pass; everything, once a second or after a reconnect.</summary>
    private HashSet<SubscriptionKey> TakeKeysToCheck()
    {
        var keys = new HashSet<SubscriptionKey>();
        while (_changed.TryDequeue(out var key))
        {
            keys.Add(key);
        }

        var now = Environment.TickCount64;
        if (Interlocked.Exchange(ref _fullPassRequested, 0) == 1 || now - _lastFullPass >= FullPassInterval.TotalMilliseconds)
        {
            _lastFullPass = now;
            keys.UnionWith(_desired.Keys);
            for (var shard = 0; shard < _subscribers.Length; shard++)
            {
                keys.UnionWith(_subscribers[shard].Confirmed.Select(c => new SubscriptionKey(shard, c.Channel, c.IsPattern)));
            }
        }

        return keys;
    }

    /// <summary>
    /// Subscribes what is wanted and not confirmed, and unsubscribes what is confirmed and not wanted, unless the same
    /// command was sent less than <see cref="ConfirmationPatience"/> ago and its confirmation may still be on its way.
    /// </summary>
    private async Task ReconcileAsync(HashSet<SubscriptionKey> keys)
    {
        var now = Environment.TickCount64;
        var commands = new List<(SubscriptionKey Key, bool Subscribe)>();
        foreach (var key in keys)
        {
            var subscriber = _subscribers[key.Shard];
            var wanted = _desired.ContainsKey(key);
            var confirmed = subscriber.IsConfirmed(key.Channel, key.IsPattern);
            _sent.TryRemove((key, !wanted), out _);
            if (wanted == confirmed)
            {
                _sent.TryRemove((key, wanted), out _);
            }
            else if (!_sent.TryGetValue((key, wanted), out var sentAt) || now - sentAt >= ConfirmationPatience.TotalMilliseconds)
            {
                commands.Add((key, wanted));
            }
        }

        foreach (var group in commands.GroupBy(command => (command.Key.Shard, command.Key.IsPattern, command.Subscribe)))
        {
            var subscriber = _subscribers[group.Key.Shard];
            foreach (var batch in group.Chunk(BatchSize))
            {
                var channels = batch.Select(command => command.Key.Channel).ToList();
                var written = group.Key.Subscribe
                    ? await subscriber.SubscribeAsync(channels, group.Key.IsPattern)
                    : await subscriber.UnsubscribeAsync(channels, group.Key.IsPattern);
                if (written)
                {
                    foreach (var command in batch)
                    {
                        _sent[command] = now;
                    }
                }
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
