using Microsoft.Extensions.Logging;
using Realtime.SocketIO.Redis.Diagnostics;
using StackExchange.Redis;

namespace Realtime.SocketIO.Redis.Backplane;

/// <summary>
/// The command connection to one Redis master (publishing, PUBSUB NUMSUB). It connects in the background (a pod
/// starts and serves its local clients even when Redis is down) and lets StackExchange.Redis reconnect with capped
/// exponential backoff. Subscriptions have their own connection (<see cref="Subscriber.OrderedSubscriber"/>).
/// </summary>
internal sealed class ShardConnection : IAsyncDisposable
{
    private readonly ILogger _logger;
    private readonly string _displayName;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _connecting;
    private volatile ConnectionMultiplexer? _multiplexer;

    public ShardConnection(int index, string configuration, TimeSpan maxBackoff, ILogger logger)
    {
        Index = index;
        _logger = logger;
        MaxBackoff = maxBackoff;
        Configuration = RedisUrl.ToOptions(configuration);
        Configuration.AbortOnConnectFail = false;
        Configuration.ConnectTimeout = 2000;
        Configuration.ClientName ??= "realtime-server";
        Configuration.ReconnectRetryPolicy = new ExponentialRetry(100, (int)maxBackoff.TotalMilliseconds);
        // Commands issued while disconnected fail at once instead of piling up in an unbounded backlog.
        Configuration.BacklogPolicy = BacklogPolicy.FailFast;
        _displayName = $"shard {index} ({string.Join(", ", Configuration.EndPoints.Select(RedisUrl.Describe))})";
        _connecting = ConnectAsync(maxBackoff);
    }

    public int Index { get; }

    /// <summary>Where this shard's Redis is, also for the subscriber connection.</summary>
    public ConfigurationOptions Configuration { get; }

    public TimeSpan MaxBackoff { get; }

    public bool IsConnected => _multiplexer is { IsConnected: true };

    public ConnectionMultiplexer? Multiplexer => _multiplexer;

    public override string ToString() => _displayName;

    private async Task ConnectAsync(TimeSpan maxBackoff)
    {
        // With AbortOnConnectFail=false the first ConnectAsync returns a multiplexer that keeps retrying by itself;
        // a failure here is a configuration problem (DNS, bad options), retried with the same capped backoff.
        var delay = TimeSpan.FromMilliseconds(100);
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                var multiplexer = await ConnectionMultiplexer.ConnectAsync(Configuration);
                multiplexer.ConnectionFailed += OnConnectionFailed;
                multiplexer.ConnectionRestored += OnConnectionRestored;
                _multiplexer = multiplexer;
                if (multiplexer.IsConnected)
                {
                    RedisLog.ShardConnected(_logger, _displayName);
                }
                else
                {
                    RedisLog.ShardUnreachable(_logger, _displayName);
                }

                return;
            }
            catch (Exception e) when (e is RedisException or InvalidOperationException or ArgumentException)
            {
                RedisLog.ShardSetupFailed(_logger, _displayName, delay, e);
                try
                {
                    await Task.Delay(delay, _stopping.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, maxBackoff.Ticks));
            }
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e) =>
        RedisLog.ShardConnectionLost(_logger, _displayName, e.ConnectionType, e.FailureType);

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e) =>
        RedisLog.ShardConnectionRestored(_logger, _displayName, e.ConnectionType);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _connecting;
        if (_multiplexer is { } multiplexer)
        {
            multiplexer.ConnectionFailed -= OnConnectionFailed;
            multiplexer.ConnectionRestored -= OnConnectionRestored;
            await multiplexer.CloseAsync(allowCommandsToComplete: false);
            await multiplexer.DisposeAsync();
        }

        _stopping.Dispose();
    }
}
