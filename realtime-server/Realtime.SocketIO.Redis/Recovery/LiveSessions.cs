using System.Collections.Concurrent;
using Realtime.SocketIO.Adapters;
using StackExchange.Redis;

namespace Realtime.SocketIO.Redis.Recovery;

/// <summary>
/// Keeps the sessions of this pod's connected sockets in Redis too, so a pod that dies without closing them (SIGKILL,
/// a lost node) leaves them for another pod to restore. A new or changed socket (joined or left a room) is written
/// within a second; every session is written again a quarter of the TTL before its key would expire, which also
/// catches changes of <c>socket.data</c>. A key therefore never outlives the socket by more than the TTL.
/// </summary>
internal sealed class LiveSessions : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, string> _sidByPid = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _changedSids = new(StringComparer.Ordinal);
    private readonly SessionStore _store;
    private readonly Func<IDatabaseAsync?> _database;
    private readonly Func<string, string, PersistedSession?> _snapshot;
    private readonly Action<Exception> _failed;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    /// <param name="snapshot">The session of a connected socket by pid and sid, null once it is gone.</param>
    public LiveSessions(SessionStore store, Func<IDatabaseAsync?> database, Func<string, string, PersistedSession?> snapshot,
        Action<Exception> failed)
    {
        _store = store;
        _database = database;
        _snapshot = snapshot;
        _failed = failed;
        _loop = Task.Run(RunAsync);
    }

    public void Started(string sid, string pid)
    {
        _sidByPid[pid] = sid;
        _changedSids[sid] = 0;
    }

    public void Changed(string sid)
    {
        if (!_sidByPid.IsEmpty)
        {
            _changedSids[sid] = 0;
        }
    }

    /// <summary>The socket is gone; whoever called this writes or deletes its key.</summary>
    public void Stopped(string pid)
    {
        if (_sidByPid.TryRemove(pid, out var sid))
        {
            _changedSids.TryRemove(sid, out _);
        }
    }

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        var refreshEvery = Math.Max(1, (int)(_store.Ttl / 4 / Interval));
        var pass = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                var all = ++pass % refreshEvery == 0;
                try
                {
                    await WriteAsync(all);
                }
                catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
                {
                    _failed(e);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task WriteAsync(bool all)
    {
        if (_database() is not { } database)
        {
            return;
        }

        var writes = new List<Task>();
        foreach (var (pid, sid) in _sidByPid)
        {
            if ((all || _changedSids.TryRemove(sid, out _)) && _snapshot(pid, sid) is { } session)
            {
                writes.Add(database.StringSetAsync(_store.Key(pid), SessionStore.Serialize(session), _store.Ttl));
            }
        }

        if (all)
        {
            _changedSids.Clear();
        }

        await Task.WhenAll(writes);
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _loop;
        _stopping.Dispose();
    }
}
