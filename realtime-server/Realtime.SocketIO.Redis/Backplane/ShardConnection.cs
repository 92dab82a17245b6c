using System.Net;
using Microsoft.Extensions.Logging;
using Realtime.SocketIO.Redis.Sentinel;
using Realtime.SocketIO.Redis.Subscriber;
using Realtime.SocketIO.Redis.Diagnostics;
using StackExchange.Redis;

namespace Realtime.SocketIO.Redis.Backplane;

/// <summary>
/// The command connection to one Redis master (publishing, PUBSUB NUMSUB). It connects in the background (a pod
/// starts and serves its local clients even when Redis is down) and lets StackExchange.Redis reconnect with capped
/// exponential backoff. Subscriptions have their own connection (<see cref="Subscriber.OrderedSubscriber"/>).
/// Behind Sentinel it connects to the master its <see cref="SentinelWatcher"/> names, checks that the server is not a
/// replica, and on every switch replaces the connection with one to the new master. StackExchange.Redis's own Sentinel
/// mode is not used: it throws at start-up when no sentinel answers (a pod must start and serve its local clients
/// anyway) and would keep a view of the master of its own, apart from the subscriber's.
/// </summary>
internal sealed class ShardConnection : IAsyncDisposable
{
    private static readonly TimeSpan MasterConnectTimeout = TimeSpan.FromMilliseconds(750);

    private readonly ILogger _logger;
    private readonly string _displayName;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _connecting;
    private readonly SemaphoreSlim _masterChanged = new(0);
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
        if (Configuration.ServiceName is not null)
        {
            Sentinel = new SentinelWatcher($"shard {index}", Configuration, maxBackoff, logger);
            Sentinel.MasterChanged += (_, _) => Wake(_masterChanged);
            Sentinel.MasterStateChanged += () => Connected?.Invoke();
            _displayName = $"shard {index}";
            _connecting = FollowMasterAsync();
        }
        else
        {
            _displayName = $"shard {index} ({string.Join(", ", Configuration.EndPoints.Select(RedisUrl.Describe))})";
            _connecting = ConnectAsync(maxBackoff);
        }
    }

    /// <summary>The master's watcher when this shard is behind Sentinel; null for a fixed address.</summary>
    public SentinelWatcher? Sentinel { get; }

    /// <summary>Raised whenever publishing becomes possible again (a new master connected, a connection restored).</summary>
    public event Action? Connected;

    /// <summary>Where the ordered subscriber connects: the configured endpoints, or behind Sentinel the current master.</summary>
    public SubscriberTarget SubscriberTarget => Sentinel is { } sentinel
        ? new SubscriberTarget(() =>
        {
            sentinel.Troubled();
            return sentinel.Master is { } master ? [master] : [];
        }, RequireMaster: true, () => sentinel.Problem ?? "Sentinel has not named a master yet")
        : SubscriberTarget.Fixed([.. Configuration.EndPoints]);

    public int Index { get; }

    /// <summary>Where this shard's Redis is, also for the subscriber connection.</summary>
    public ConfigurationOptions Configuration { get; }

    public TimeSpan MaxBackoff { get; }

    public bool IsConnected => _multiplexer is { IsConnected: true } multiplexer
                               && (Sentinel is null || (!Sentinel.IsMasterDown && IsCurrentMaster(multiplexer, Sentinel.Master)));

    public ConnectionMultiplexer? Multiplexer => _multiplexer;

    public override string ToString() => Sentinel is { } sentinel ? $"{_displayName} ({sentinel.Describe()})" : _displayName;

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

    /// <summary>
    /// Behind Sentinel: (re)connects whenever Sentinel names another master, and retries with capped backoff while the
    /// master it names is unreachable or not (yet) a master.
    /// </summary>
    private async Task FollowMasterAsync()
    {
        var sentinel = Sentinel!;
        var delay = TimeSpan.FromMilliseconds(100);
        while (!_stopping.IsCancellationRequested)
        {
            var master = sentinel.Master;
            if (master is not null && (_multiplexer is not { } current || !IsCurrentMaster(current, master)))
            {
                if (await ConnectToMasterAsync(master))
                {
                    delay = TimeSpan.FromMilliseconds(100);
                }
                else
                {
                    sentinel.Troubled();
                }
            }

            try
            {
                // Woken at once by a switch; otherwise checked again after the backoff while not on the master.
                var settled = _multiplexer is { } connected && IsCurrentMaster(connected, sentinel.Master);
                await _masterChanged.WaitAsync(settled ? Timeout.InfiniteTimeSpan : delay, _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxBackoff.Ticks));
        }
    }

    private async Task<bool> ConnectToMasterAsync(EndPoint master)
    {
        var options = Configuration.Clone();
        options.ServiceName = null;
        // A connect is not cancelled by a switch, so one to a master that just died (or froze, whose kernel still
        // completes the TCP handshake) must not hold the next master back for long.
        options.ConnectTimeout = (int)MasterConnectTimeout.TotalMilliseconds;
        options.EndPoints.Clear();
        options.EndPoints.Add(master);
        ConnectionMultiplexer? multiplexer = null;
        try
        {
            multiplexer = await ConnectionMultiplexer.ConnectAsync(options);
            if (!multiplexer.IsConnected || multiplexer.GetServer(master).IsReplica)
            {
                await multiplexer.DisposeAsync();
                return false;
            }

            multiplexer.ConnectionFailed += OnConnectionFailed;
            multiplexer.ConnectionRestored += OnConnectionRestored;
            var old = Interlocked.Exchange(ref _multiplexer, multiplexer);
            RedisLog.ShardConnectedToMaster(_logger, _displayName, RedisUrl.Describe(master));
            Sentinel!.Reached(master, bySubscriber: false);
            Connected?.Invoke();
            if (old is not null)
            {
                old.ConnectionFailed -= OnConnectionFailed;
                old.ConnectionRestored -= OnConnectionRestored;
                await old.CloseAsync(allowCommandsToComplete: false);
                await old.DisposeAsync();
            }

            return true;
        }
        catch (Exception e) when (e is RedisException or InvalidOperationException or ArgumentException)
        {
            if (multiplexer is not null)
            {
                await multiplexer.DisposeAsync();
            }

            return false;
        }
    }

    /// <summary>Connected to <paramref name="master"/>, and StackExchange.Redis sees it as a master, not a replica.</summary>
    private static bool IsCurrentMaster(ConnectionMultiplexer multiplexer, EndPoint? master)
    {
        if (master is null || !multiplexer.GetEndPoints().Contains(master))
        {
            return false;
        }

        var server = multiplexer.GetServer(master);
        return server.IsConnected && !server.IsReplica;
    }

    private static void Wake(SemaphoreSlim signal)
    {
        if (signal.CurrentCount == 0)
        {
            signal.Release();
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        RedisLog.ShardConnectionLost(_logger, _displayName, e.ConnectionType, e.FailureType);
        if (Sentinel is { } sentinel)
        {
            sentinel.Troubled();
            Wake(_masterChanged);
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        RedisLog.ShardConnectionRestored(_logger, _displayName, e.ConnectionType);
        if (Sentinel is { Master: { } master } sentinel && Equals(e.EndPoint, master))
        {
            sentinel.Reached(master, bySubscriber: false);
        }

        Connected?.Invoke();
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

        if (Sentinel is not null)
        {
            await Sentinel.DisposeAsync();
        }

        _stopping.Dispose();
        _masterChanged.Dispose();
    }
}
