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
    private readonly object gate = new();
    private readonly HashSet<TKey> queued = [];
    private readonly HashSet<TKey> processing = [];
    private readonly HashSet<TKey> dirtyWhileProcessing = [];
    private readonly Dictionary<TKey, int> failures = [];
    private readonly Channel<TKey> ready = Channel.CreateUnbounded<TKey>(new UnboundedChannelOptions { SingleReader = false });
    private readonly Backoff backoff;
    private readonly Random random;
    private readonly CancellationTokenSource shutdown = new();

    public WorkQueue(Backoff backoff, Random? random = null)
    {
        this.backoff = backoff;
        this.random = random ?? Random.Shared;
    }

    /// <summary>Keys waiting to be processed (not counting delayed retries).</summary>
    public int Depth
    {
        get
        {
            lock (gate)
            {
                return queued.Count;
            }
        }
    }

    public void Add(TKey key)
    {
        lock (gate)
        {
            if (shutdown.IsCancellationRequested)
            {
                return;
            }

            if (processing.Contains(key))
            {
                dirtyWhileProcessing.Add(key);
                return;
            }

            if (!queued.Add(key))
            {
                return;
            }
        }

        ready.Writer.TryWrite(key);
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
        lock (gate)
        {
            failures.TryGetValue(key, out count);
            count++;
            failures[key] = count;
        }

        var delay = backoff.DelayFor(count, random);
        AddAfter(key, delay);
        return delay;
    }

    /// <summary>Clears the key's failure history after a success.</summary>
    public void Forget(TKey key)
    {
        lock (gate)
        {
            failures.Remove(key);
        }
    }

    public int Failures(TKey key)
    {
        lock (gate)
        {
            return failures.GetValueOrDefault(key);
        }
    }

    /// <summary>Waits for the next key and marks it as being processed; call <see cref="Done"/> afterwards.</summary>
    public async ValueTask<TKey> TakeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var key = await ready.Reader.ReadAsync(cancellationToken);
            lock (gate)
            {
                if (queued.Remove(key))
                {
                    processing.Add(key);
                    return key;
                }
            }
        }
    }

    public void Done(TKey key)
    {
        bool replay;
        lock (gate)
        {
            processing.Remove(key);
            replay = dirtyWhileProcessing.Remove(key);
        }

        if (replay)
        {
            Add(key);
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            shutdown.Cancel();
        }

        ready.Writer.TryComplete();
        shutdown.Dispose();
    }

    private async Task AddLaterAsync(TKey key, TimeSpan delay)
    {
        CancellationToken token;
        lock (gate)
        {
            if (shutdown.IsCancellationRequested)
            {
                return;
            }

            token = shutdown.Token;
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
