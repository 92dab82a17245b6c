using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Realtime.SocketIO.Redis.Diagnostics;
using StackExchange.Redis;

namespace Realtime.SocketIO.Redis.Backplane;

/// <summary>
/// Publishes fire-and-forget from a bounded queue, so the message path never waits for Redis: a message is
/// dropped (and counted) when the queue is full or its shard is disconnected, since Redis pub/sub would not keep
/// it for anyone anyway.
/// </summary>
internal sealed class PublishQueue : IAsyncDisposable
{
    /// <summary>Commands written before their replies are awaited: pipelining without unbounded in-flight work.</summary>
    private const int BatchSize = 256;

    private readonly IReadOnlyList<ShardConnection> _shards;
    private readonly RedisAdapterMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Channel<OutgoingMessage> _queue;
    private readonly Task _pump;

    public PublishQueue(IReadOnlyList<ShardConnection> shards, int capacity, RedisAdapterMetrics metrics, ILogger logger)
    {
        _shards = shards;
        _metrics = metrics;
        _logger = logger;
        _queue = Channel.CreateBounded<OutgoingMessage>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>Queues a PUBLISH; never blocks. False when the message was dropped.</summary>
    public bool TryPublish(int shard, string channel, byte[] payload)
    {
        if (!_shards[shard].IsConnected)
        {
            _metrics.Dropped("disconnected");
            return false;
        }

        if (!_queue.Writer.TryWrite(new OutgoingMessage(shard, channel, payload)))
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
        while (await reader.WaitToReadAsync())
        {
            while (inFlight.Count < BatchSize && reader.TryRead(out var message))
            {
                var multiplexer = _shards[message.Shard].Multiplexer;
                if (multiplexer is null || !multiplexer.IsConnected)
                {
                    _metrics.Dropped("disconnected");
                    continue;
                }

                inFlight.Add(PublishOneAsync(multiplexer, message));
            }

            await Task.WhenAll(inFlight);
            inFlight.Clear();
        }
    }

    private async Task PublishOneAsync(ConnectionMultiplexer multiplexer, OutgoingMessage message)
    {
        try
        {
            await multiplexer.GetSubscriber().PublishAsync(RedisChannel.Literal(message.Channel), message.Payload);
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
    }

    private readonly record struct OutgoingMessage(int Shard, string Channel, byte[] Payload);
}
