using System.Threading.Channels;

namespace Realtime.Operator.Runtime.Queue;

/// <summary>
/// A rate-limited work queue in the client-go sense: a key is queued at most once, a key being processed is never
/// handed to a second worker (an add during processing is replayed when the worker finishes), and failures are
/// retried after a per-key exponential backoff.
/// </summary>
internal sealed class WorkQueue<TKey> : IDisposable
    where TKey : notnull
{
    private readonly object _gate = new();
    private readonly HashSet<TKey> _queued = [];
    private readonly HashSet<TKey> _processing = [];
    private readonly HashSet<TKey> _dirtyWhileProcessing = [];
    private readonly Dictionary<TKey, int> _failures = [];
    private readonly Channel<TKey> _ready = Channel.CreateUnbounded<TKey>(new UnboundedChannelOptions { SingleReader = false });
    private readonly Backoff _backoff;
    private readonly Random _random;
    private readonly CancellationTokenSource _shutdown = new();

    public WorkQueue(Backoff backoff, Random? random = null)
    {
        _backoff = backoff;
        _random = random ?? Random.Shared;
    }

    /// <summary>Keys waiting to be processed (not counting delayed retries).</summary>
    public int Depth
    {
        get
        {
            lock (_gate)
            {
                return _queued.Count;
            }
        }
    }

    public void Add(TKey key)
    {
        lock (_gate)
        {
            if (_shutdown.IsCancellationRequested)
            {
                return;
            }

            if (_processing.Contains(key))
            {
                _dirtyWhileProcessing.Add(key);
                return;
            }

            if (!_queued.Add(key))
            {
                return;
            }
        }

        _ready.Writer.TryWrite(key);
    }

    public void AddAfter(TKey key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }

        _ = AddLaterAsync(key, delay);
    }

    /// <summary>Schedules a retry after the key's next backoff delay and returns that delay.</summary>
    public TimeSpan AddRateLimited(TKey key)
    {
        int count;
        lock (_gate)
        {
            _failures.TryGetValue(key, out count);
            count++;
            _failures[key] = count;
        }

        var delay = _backoff.DelayFor(count, _random);
        AddAfter(key, delay);
        return delay;
    }

    /// <summary>Clears the key's failure history after a success.</summary>
    public void Forget(TKey key)
    {
        lock (_gate)
        {
            _failures.Remove(key);
        }
    }

    public int Failures(TKey key)
    {
        lock (_gate)
        {
            return _failures.GetValueOrDefault(key);
        }
    }

    /// <summary>Waits for the next key and marks it as being processed; call <see cref="Done"/> afterwards.</summary>
    public async ValueTask<TKey> TakeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var key = await _ready.Reader.ReadAsync(cancellationToken);
            lock (_gate)
            {
                if (_queued.Remove(key))
                {
                    _processing.Add(key);
                    return key;
                }
            }
        }
    }

    public void Done(TKey key)
    {
        bool replay;
        lock (_gate)
        {
            _processing.Remove(key);
            replay = _dirtyWhileProcessing.Remove(key);
        }

        if (replay)
        {
            Add(key);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _shutdown.Cancel();
        }

        _ready.Writer.TryComplete();
        _shutdown.Dispose();
    }

    private async Task AddLaterAsync(TKey key, TimeSpan delay)
    {
        CancellationToken token;
        lock (_gate)
        {
            if (_shutdown.IsCancellationRequested)
            {
                return;
            }

            token = _shutdown.Token;
        }

        try
        {
            await Task.Delay(delay, token);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        Add(key);
    }
}
