using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Realtime.SocketIO.Redis.Backplane;

/// <summary>
/// The connection to one Redis master. It connects in the background (a pod starts and serves its local clients
/// even when Redis is down), lets StackExchange.Redis reconnect with capped exponential backoff, and reports each
/// reconnect so the subscriptions can be checked and re-established.
/// </summary>
internal sealed class ShardConnection : IAsyncDisposable
{
    private readonly ConfigurationOptions _configuration;
    private readonly ILogger _logger;
    private readonly string _displayName;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _connecting;
    private volatile ConnectionMultiplexer? _multiplexer;

    public ShardConnection(int index, string configuration, TimeSpan maxBackoff, ILogger logger)
    {
        Index = index;
        _logger = logger;
        _configuration = ConfigurationOptions.Parse(RedisUrl.ToConfiguration(configuration));
        _configuration.AbortOnConnectFail = false;
        _configuration.ConnectTimeout = 2000;
        _configuration.ClientName ??= "realtime-server";
        _configuration.ReconnectRetryPolicy = new ExponentialRetry(100, (int)maxBackoff.TotalMilliseconds);
        // Commands issued while disconnected fail at once instead of piling up in an unbounded backlog.
        _configuration.BacklogPolicy = BacklogPolicy.FailFast;
        _displayName = $"shard {index} ({string.Join(',', _configuration.EndPoints)})";
        _connecting = ConnectAsync(maxBackoff);
    }

    public int Index { get; }

    /// <summary>Raised (on a pool thread) whenever the subscription connection is (re-)established.</summary>
    public event Action<ShardConnection>? SubscriptionConnectionRestored;

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
                var multiplexer = await ConnectionMultiplexer.ConnectAsync(_configuration);
                multiplexer.ConnectionFailed += OnConnectionFailed;
                multiplexer.ConnectionRestored += OnConnectionRestored;
                _multiplexer = multiplexer;
                if (multiplexer.IsConnected)
                {
                    _logger.LogInformation("Redis backplane {Shard} connected", _displayName);
                    SubscriptionConnectionRestored?.Invoke(this);
                }
                else
                {
                    _logger.LogWarning("Redis backplane {Shard} unreachable; serving local clients and retrying", _displayName);
                }

                return;
            }
            catch (Exception e) when (e is RedisException or InvalidOperationException or ArgumentException)
            {
                _logger.LogError(e, "Redis backplane {Shard} could not be set up; retrying in {Delay}", _displayName, delay);
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
        _logger.LogWarning("Redis backplane {Shard} lost its {Type} connection: {Failure}", _displayName, e.ConnectionType,
            e.FailureType);

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        _logger.LogInformation("Redis backplane {Shard} restored its {Type} connection", _displayName, e.ConnectionType);
        if (e.ConnectionType == ConnectionType.Subscription)
        {
            SubscriptionConnectionRestored?.Invoke(this);
        }
    }

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
