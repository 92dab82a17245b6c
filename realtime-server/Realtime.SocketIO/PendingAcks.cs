namespace Realtime.SocketIO;

/// <summary>The acknowledgements a socket waits for, each dropped when its timeout passes or the socket goes.</summary>
internal sealed class PendingAcks
{
    private readonly Dictionary<long, Entry> _entries = [];

    public void Add(long id, TimeSpan timeout, Action<SocketIOArguments> onAck, Action<Exception> onFailure)
    {
        var entry = new Entry(onAck, onFailure);
        lock (_entries)
        {
            if (!_entries.TryAdd(id, entry))
            {
                throw new InvalidOperationException($"ack id {id} is already pending");
            }
        }

        entry.Timer = new Timer(_ => Fail(id, new TimeoutException($"no acknowledgement within {timeout}")), null,
            timeout, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Hands the client's acknowledgement to whoever waits for it; unknown or late ids are ignored.</summary>
    public void Complete(long id, SocketIOArguments args)
    {
        if (Take(id) is { } entry)
        {
            entry.OnAck(args);
        }
    }

    /// <summary>Forgets an ack without calling anyone back.</summary>
    public void Cancel(long id) => Take(id);

    public void CancelAll()
    {
        Entry[] entries;
        lock (_entries)
        {
            entries = [.. _entries.Values];
            _entries.Clear();
        }

        foreach (var entry in entries)
        {
            entry.Timer?.Dispose();
            entry.OnFailure(new OperationCanceledException("the socket disconnected before acknowledging"));
        }
    }

    private void Fail(long id, Exception error)
    {
        if (Take(id) is { } entry)
        {
            entry.OnFailure(error);
        }
    }

    private Entry? Take(long id)
    {
        Entry? entry;
        lock (_entries)
        {
            _entries.Remove(id, out entry);
        }

        entry?.Timer?.Dispose();
        return entry;
    }

    private sealed class Entry(Action<SocketIOArguments> onAck, Action<Exception> onFailure)
    {
        public Action<SocketIOArguments> OnAck { get; } = onAck;

        public Action<Exception> OnFailure { get; } = onFailure;

        public Timer? Timer { get; set; }
    }
}
