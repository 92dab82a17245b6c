using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Realtime.SocketIO.Redis.Diagnostics;
using Realtime.SocketIO.Redis.Recovery;
using StackExchange.Redis;

namespace Realtime.SocketIO.Redis.Backplane;

/// <summary>
/// Publishes fire-and-forget from a bounded queue, so the message path never waits for Redis: a message is
/// dropped (and counted) when the queue is full or its shard is disconnected, since Redis pub/sub would not keep
/// it for anyone anyway. Behind Sentinel a master is expected back within a failover, so messages of a disconnected
/// shard are held instead, up to a byte bound per shard, and published in order once the new master is connected;
/// only what was never written is held, so nothing is sent twice.
/// </summary>
internal sealed class PublishQueue : IAsyncDisposable
{
    /// <summary>Commands written before their replies are awaited: pipelining without unbounded in-flight work.</summary>
    private const int BatchSize = 256;

    private static readonly TimeSpan HeldRecheckInterval = TimeSpan.FromMilliseconds(20);

    private readonly IReadOnlyList<ShardConnection> _shards;
    private readonly RedisAdapterMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Channel<OutgoingMessage> _queue;
    private readonly FailoverBuffer[] _held;
    private readonly Func<int, bool> _listening;
    private readonly SemaphoreSlim _reconnected = new(0);
    private readonly Task _pump;

    /// <param name="failoverBufferBytes">What each Sentinel shard may hold while it has no master.</param>
    /// <param name="listening">
    /// Whether this pod's subscriber on the shard has every wanted channel confirmed: what a shard holds is released
    /// only then, since the other pods' subscribers follow the same switch at about the same moment, and a message
    /// published on the new master before they subscribed there reaches nobody.
    /// </param>
    public PublishQueue(IReadOnlyList<ShardConnection> shards, int capacity, long failoverBufferBytes, Func<int, bool> listening,
        RedisAdapterMetrics metrics, ILogger logger)
    {
        _shards = shards;
        _listening = listening;
        _metrics = metrics;
        _logger = logger;
        _held = shards.Select(_ => new FailoverBuffer(failoverBufferBytes)).ToArray();
        foreach (var shard in shards)
        {
            shard.Connected += OnReconnected;
        }

        _queue = Channel.CreateBounded<OutgoingMessage>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>
    /// Queues a PUBLISH (with <paramref name="log"/>: the append-and-publish script, <paramref name="payload"/> being
    /// the message head); never blocks. False when the message was dropped.
    /// </summary>
    public bool TryPublish(int shard, string channel, byte[] payload, RecoveryLog? log = null)
    {
        if (!_shards[shard].IsConnected && _shards[shard].Sentinel is null)
        {
            _metrics.Dropped("disconnected");
            return false;
        }

        if (!_queue.Writer.TryWrite(new OutgoingMessage(shard, channel, payload, log)))
        {
            _metrics.Dropped("queue_full");
            return false;
        }

        return true;
    }

    private async Task PumpAsync()
    {
        var inFlight = new List<Task>(BatchSize);
        var reader = _queue.Reader;
        var readable = reader.WaitToReadAsync().AsTask();
        var reconnected = _reconnected.WaitAsync();
        while (true)
        {
            // While a shard holds messages its subscriber's confirmations are awaited too, which raise no event here.
            await (_held.Any(held => held.Count > 0)
                ? Task.WhenAny(readable, reconnected, Task.Delay(HeldRecheckInterval))
                : Task.WhenAny(readable, reconnected));
            if (reconnected.IsCompleted)
            {
                reconnected = _reconnected.WaitAsync();
            }

            await ReleaseHeldAsync(inFlight);
            if (readable.IsCompleted)
            {
                if (!await readable)
                {
                    return;
                }

                while (reader.TryRead(out var message))
                {
                    Send(message, inFlight);
                    if (inFlight.Count >= BatchSize)
                    {
                        await Task.WhenAll(inFlight);
                        inFlight.Clear();
                    }
                }

                await Task.WhenAll(inFlight);
                inFlight.Clear();
                readable = reader.WaitToReadAsync().AsTask();
            }
        }
    }

    /// <summary>Publishes, or holds behind Sentinel while the shard has no master (or still holds older messages).</summary>
    private void Send(OutgoingMessage message, List<Task> inFlight)
    {
        var shard = _shards[message.Shard];
        var held = _held[message.Shard];
        var multiplexer = shard.Multiplexer;
        if (shard.Sentinel is { } sentinel && (held.Count > 0 || multiplexer is null || !shard.IsConnected || sentinel.IsSwitching))
        {
            if (!held.TryAdd(message))
            {
                _metrics.Dropped("failover_buffer_full");
            }

            return;
        }

        if (multiplexer is null || !multiplexer.IsConnected)
        {
            _metrics.Dropped("disconnected");
            return;
        }

        inFlight.Add(PublishOneAsync(multiplexer, message));
    }

    /// <summary>Publishes, oldest first, what each shard held while it had no master, once it has one again.</summary>
    private async Task ReleaseHeldAsync(List<Task> inFlight)
    {
        for (var index = 0; index < _shards.Count; index++)
        {
            var held = _held[index];
            var shard = _shards[index];
            while (held.Count > 0 && shard.IsConnected && shard.Sentinel is { IsSwitching: false } && _listening(index)
                   && shard.Multiplexer is { } multiplexer)
            {
                while (inFlight.Count < BatchSize && held.TryTake(out var message))
                {
                    inFlight.Add(PublishOneAsync(multiplexer, message));
                }

                await Task.WhenAll(inFlight);
                inFlight.Clear();
            }
        }
    }

    private void OnReconnected()
    {
        if (_reconnected.CurrentCount == 0)
        {
            _reconnected.Release();
        }
    }

    private async Task PublishOneAsync(ConnectionMultiplexer multiplexer, OutgoingMessage message)
    {
        try
        {
            if (message.Log is { } log)
            {
                // StackExchange.Redis sends EVALSHA once the script is cached on the server.
                await multiplexer.GetDatabase().ScriptEvaluateAsync(RecoveryScripts.Append, [log.StreamKey, log.BytesKey, log.SizesKey],
                    log.AppendArguments(message.Channel, message.Payload));
            }
            else
            {
                await multiplexer.GetSubscriber().PublishAsync(RedisChannel.Literal(message.Channel), message.Payload);
            }

            _metrics.Published();
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            _metrics.PublishFailed();
            RedisLog.PublishFailed(_logger, message.Channel, e.Message);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _pump;
        foreach (var shard in _shards)
        {
            shard.Connected -= OnReconnected;
        }

        _reconnected.Dispose();
    }
}
