using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using Microsoft.Extensions.Logging;
using Realtime.SocketIO.Redis.Diagnostics;
using Realtime.SocketIO.Redis.Subscriber;
using StackExchange.Redis;

namespace Realtime.SocketIO.Redis.Sentinel;

/// <summary>
/// One shard's view of its master behind Sentinel, shared by the publisher and the ordered subscriber so both follow
/// the same master. It asks the sentinels in turn (<c>SENTINEL get-master-addr-by-name</c>), stays subscribed to
/// <c>+switch-master</c> on the one that answered, and whenever a connection to the master fails (<see cref="Troubled"/>)
/// asks again, with <c>SENTINEL ckquorum</c>, so a switch it missed is caught and a lost quorum is named.
/// </summary>
internal sealed class SentinelWatcher : IAsyncDisposable
{
    private const long MaxReplyBytes = 64 * 1024;
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(500);

    private readonly ConfigurationOptions _sentinels;
    private readonly string _shard;
    private readonly TimeSpan _maxBackoff;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _troubled = new(0);
    private readonly Lock _lock = new();
    private readonly Task _following;
    private readonly Task _probing;
    private string NoSentinelAnswered => $"sentinel quorum unreachable: none of {_sentinels.EndPoints.Count} sentinels answered";

    private EndPoint? _master;
    private EndPoint? _downMaster;
    private bool _switching;
    private volatile bool _unreached;
    private string? _problem;
    private string? _loggedProblem;

    /// <param name="sentinels">The sentinel endpoints, the master name as <see cref="ConfigurationOptions.ServiceName"/>
    /// and the credentials, which the sentinels and the master share.</param>
    public SentinelWatcher(string shard, ConfigurationOptions sentinels, TimeSpan maxBackoff, ILogger logger)
    {
        _shard = shard;
        _sentinels = sentinels;
        _maxBackoff = maxBackoff;
        _logger = logger;
        MasterName = sentinels.ServiceName ?? SentinelUrl.DefaultMasterName;
        _following = Task.Run(FollowAsync);
        _probing = Task.Run(ProbeAsync);
    }

    public string MasterName { get; }

    /// <summary>The master Sentinel names now; null until one answered.</summary>
    public EndPoint? Master
    {
        get
        {
            lock (_lock)
            {
                return _master;
            }
        }
    }

    /// <summary>
    /// Why the master may not be usable (no sentinel answers, the name is unknown, the quorum is lost, a switch is under
    /// way); null when Sentinel's last word was a master with a reachable quorum.
    /// </summary>
    public string? Problem
    {
        get
        {
            lock (_lock)
            {
                return _problem;
            }
        }
    }

    /// <summary>True from Sentinel's <c>+odown</c> for the current master until <c>-odown</c> or a switch.</summary>
    public bool IsMasterDown
    {
        get
        {
            lock (_lock)
            {
                return _downMaster is not null && Equals(_downMaster, _master);
            }
        }
    }

    /// <summary>
    /// True from a switch until this pod's subscriber is connected to the new master, and while the current master is
    /// down: a message published now may reach the new master before the other pods subscribed there.
    /// </summary>
    public bool IsSwitching
    {
        get
        {
            lock (_lock)
            {
                return _switching || (_downMaster is not null && Equals(_downMaster, _master));
            }
        }
    }

    /// <summary>Raised when the sentinels agree the current master is down (<c>+odown</c>), or up again (<c>-odown</c>).</summary>
    public event Action? MasterStateChanged;

    /// <summary>Raised with the old master (null at first) and the new one whenever Sentinel names another master.</summary>
    public event Action<EndPoint?, EndPoint>? MasterChanged;

    /// <summary>
    /// A connection to the master failed: ask the sentinels again soon, and every <see cref="ProbeInterval"/> until a
    /// subscriber reaches a master (<see cref="Reached"/>), so a switch the followed sentinel has not yet announced
    /// (only the leader announces it at once; the others after their next hello) is not waited out.
    /// </summary>
    public void Troubled()
    {
        _unreached = true;
        ProbeSoon();
    }

    private void ProbeSoon()
    {
        if (_troubled.CurrentCount == 0)
        {
            _troubled.Release();
        }
    }

    /// <summary>
    /// A connection to <paramref name="master"/> is up and confirmed master: the sentinels need not be asked again.
    /// When it is the subscriber's, a switch to it is over (the publisher's alone does not say the pod hears again).
    /// </summary>
    public void Reached(EndPoint master, bool bySubscriber)
    {
        lock (_lock)
        {
            if (!Equals(master, _master))
            {
                return;
            }

            _unreached = false;
            if (!bySubscriber)
            {
                return;
            }

            _switching = false;
            if (_problem is not null && _problem.StartsWith("master switching", StringComparison.Ordinal))
            {
                _problem = null;
                _loggedProblem = null;
            }
        }
    }

    public string Describe() =>
        $"sentinels {string.Join(", ", _sentinels.EndPoints.Select(RedisUrl.Describe))}, master '{MasterName}'"
        + (Master is { } master ? $" at {RedisUrl.Describe(master)}" : string.Empty);

    /// <summary>Subscribes to <c>+switch-master</c> on the first sentinel that answers, moving on when it goes.</summary>
    private async Task FollowAsync()
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (!_stopping.IsCancellationRequested)
        {
            var answered = false;
            foreach (var sentinel in _sentinels.EndPoints)
            {
                try
                {
                    await FollowOneAsync(sentinel, _stopping.Token);
                    answered = true;
                }
                catch (Exception) when (_stopping.IsCancellationRequested)
                {
                    return;
                }
                catch (SentinelFollowedException)
                {
                    // Followed until its connection ended: try the others at once, from the start.
                    answered = true;
                    delay = TimeSpan.FromMilliseconds(100);
                    break;
                }
                catch (Exception e) when (RespConnection.IsConnectionFailure(e))
                {
                    RedisLog.SentinelFailed(_logger, _shard, sentinel, e.Message);
                }
            }

            if (!answered)
            {
                SetProblem(NoSentinelAnswered);
            }

            try
            {
                await Task.Delay(delay, _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _maxBackoff.Ticks));
        }
    }

    /// <summary>
    /// Returns when the sentinel answered but does not know the master name; throws
    /// <see cref="SentinelFollowedException"/> when it was followed until its connection ended, or the failure when it
    /// did not answer.
    /// </summary>
    private async Task FollowOneAsync(EndPoint sentinel, CancellationToken cancellation)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(CommandTimeout);
        var (stream, reader) = await OpenAsync(sentinel, timeout.Token);
        await using (stream)
        {
            try
            {
                if (!await AskMasterAsync(stream, reader, timeout.Token))
                {
                    return;
                }

                await stream.WriteAsync(RespConnection.Command("SUBSCRIBE", "+switch-master", "+odown", "-odown"), timeout.Token);
                for (var confirmation = 0; confirmation < 3; confirmation++)
                {
                    var subscribed = await RespConnection.ReadReplyAsync(reader, "SUBSCRIBE", MaxReplyBytes, timeout.Token);
                    if (subscribed.Kind == RespKind.Error)
                    {
                        throw new RedisSubscriberException($"SUBSCRIBE +switch-master +odown -odown was refused: {subscribed.Text}");
                    }
                }

                // A switch between the question and the subscription would be missed: ask once more, on the side.
                ProbeSoon();
                try
                {
                    while (true)
                    {
                        var push = await RespConnection.ReadReplyAsync(reader, "+switch-master", MaxReplyBytes, cancellation);
                        if (push is { Kind: RespKind.Array, Items: [var kind, var channel, var payload] } && kind.AsString() == "message")
                        {
                            var name = channel.AsString();
                            if (name is "+odown" or "-odown")
                            {
                                OnDownMessage(payload.AsString(), isDown: name == "+odown");
                            }
                            else
                            {
                                OnSwitchMessage(payload.AsString());
                            }
                        }
                    }
                }
                catch (Exception e) when (RespConnection.IsConnectionFailure(e) && !cancellation.IsCancellationRequested)
                {
                    RedisLog.SentinelFailed(_logger, _shard, sentinel, e.Message);
                    throw new SentinelFollowedException();
                }
            }
            finally
            {
                await reader.CompleteAsync();
            }
        }
    }

    /// <summary>While a connection to the master is failing: ask a sentinel for the master and the quorum.</summary>
    private async Task ProbeAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            try
            {
                if (await _troubled.WaitAsync(_unreached ? ProbeInterval : Timeout.InfiniteTimeSpan, _stopping.Token))
                {
                    // One probe for a burst of failures (both connections, every retry).
                    await Task.Delay(ProbeInterval, _stopping.Token);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var answered = false;
            foreach (var sentinel in _sentinels.EndPoints)
            {
                try
                {
                    await ProbeOneAsync(sentinel, _stopping.Token);
                    answered = true;
                    break;
                }
                catch (Exception) when (_stopping.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception e) when (RespConnection.IsConnectionFailure(e))
                {
                    RedisLog.SentinelFailed(_logger, _shard, sentinel, e.Message);
                }
            }

            if (!answered)
            {
                SetProblem(NoSentinelAnswered);
            }
        }
    }

    private async Task ProbeOneAsync(EndPoint sentinel, CancellationToken cancellation)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(CommandTimeout);
        var (stream, reader) = await OpenAsync(sentinel, timeout.Token);
        await using (stream)
        {
            try
            {
                if (!await AskMasterAsync(stream, reader, timeout.Token))
                {
                    return;
                }

                var quorum = await RespConnection.CallAsync(stream, reader, MaxReplyBytes, timeout.Token, "SENTINEL", "CKQUORUM",
                    MasterName);
                if (quorum.Kind == RespKind.Error)
                {
                    SetProblem($"sentinel quorum unreachable: {quorum.Text}");
                }
                else
                {
                    ClearProblemUnlessSwitching();
                }
            }
            finally
            {
                await reader.CompleteAsync();
            }
        }
    }

    /// <summary>Asks for the master; false (and a clear problem) when the sentinel does not know the name.</summary>
    private async Task<bool> AskMasterAsync(Stream stream, PipeReader reader, CancellationToken cancellation)
    {
        var reply = await RespConnection.CallAsync(stream, reader, MaxReplyBytes, cancellation, "SENTINEL",
            "get-master-addr-by-name", MasterName);
        if (reply.Kind == RespKind.Error)
        {
            throw new RedisSubscriberException($"SENTINEL get-master-addr-by-name was refused: {reply.Text}");
        }

        if (reply is not { Kind: RespKind.Array, Items: [var host, var port] } || host.AsString() is not { } address
            || !int.TryParse(port.AsString(), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            SetProblem($"Sentinel does not monitor a master named '{MasterName}' (check the master name in the URL)");
            return false;
        }

        SetMaster(ToEndPoint(address, number));
        ClearProblemUnlessSwitching();
        return true;
    }

    /// <summary><c>&lt;master-name&gt; &lt;old-ip&gt; &lt;old-port&gt; &lt;new-ip&gt; &lt;new-port&gt;</c>.</summary>
    private void OnSwitchMessage(string? message)
    {
        var parts = message?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts is not { Length: 5 } || parts[0] != MasterName
            || !int.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            return;
        }

        SetMaster(ToEndPoint(parts[3], port));
    }

    /// <summary>
    /// <c>master &lt;name&gt; &lt;ip&gt; &lt;port&gt; #quorum n/m</c>: the sentinels agree the master is down. Connections
    /// to it may still look open (a network cut), but nothing published there reaches anyone any more.
    /// </summary>
    private void OnDownMessage(string? message, bool isDown)
    {
        var parts = message?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts is not { Length: >= 4 } || parts[0] != "master" || parts[1] != MasterName
            || !int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            return;
        }

        var down = ToEndPoint(parts[2], port);
        lock (_lock)
        {
            if (!Equals(down, _master))
            {
                return;
            }

            _downMaster = isDown ? down : null;
        }

        if (isDown)
        {
            SetProblem($"master {RedisUrl.Describe(down)} is down (Sentinel +odown); waiting for the switch");
            Troubled();
        }
        else
        {
            _unreached = false;
            ClearProblemUnlessSwitching();
        }

        MasterStateChanged?.Invoke();
    }

    private void SetMaster(EndPoint master)
    {
        EndPoint? old;
        lock (_lock)
        {
            old = _master;
            if (Equals(old, master))
            {
                return;
            }

            _master = master;
            _downMaster = null;
            if (old is not null)
            {
                _switching = true;
                _problem = $"master switching from {RedisUrl.Describe(old)} to {RedisUrl.Describe(master)}";
                _loggedProblem = _problem;
            }
        }

        if (old is null)
        {
            RedisLog.SentinelMasterFound(_logger, _shard, RedisUrl.Describe(master), MasterName);
        }
        else
        {
            RedisLog.SentinelMasterSwitching(_logger, _shard, RedisUrl.Describe(old), RedisUrl.Describe(master));
        }

        MasterChanged?.Invoke(old, master);
    }

    private void SetProblem(string problem)
    {
        lock (_lock)
        {
            _problem = problem;
            if (_loggedProblem == problem)
            {
                return;
            }

            _loggedProblem = problem;
        }

        RedisLog.SentinelProblem(_logger, _shard, problem);
    }

    private void ClearProblemUnlessSwitching()
    {
        lock (_lock)
        {
            if (_problem is not null && !_problem.StartsWith("master switching", StringComparison.Ordinal))
            {
                _problem = null;
                _loggedProblem = null;
            }
        }
    }

    private Task<(Stream Stream, PipeReader Reader)> OpenAsync(EndPoint sentinel, CancellationToken cancellation) =>
        RespConnection.OpenAsync(sentinel, _sentinels, SentinelUrl.DefaultSentinelPort, MaxReplyBytes, cancellation);

    /// <summary>The sentinel that was followed is gone; the others are tried at once.</summary>
    private sealed class SentinelFollowedException : Exception;

    private static EndPoint ToEndPoint(string host, int port) =>
        IPAddress.TryParse(host, out var address) ? new IPEndPoint(address, port) : new DnsEndPoint(host, port);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await Task.WhenAll(_following, _probing);
        _stopping.Dispose();
        _troubled.Dispose();
    }
}
