using System.Threading.Tasks.Sources;

namespace Realtime.EngineIO.Transports;

/// <summary>
/// The bounded outbound queue of one connection: many writers that never block, one reader at a time (the pending
/// poll or the WebSocket writer loop) that waits through one reusable value-task source, so neither an idle
/// connection nor a message costs an allocation here. A ring buffer grows on demand up to the count limit. The
/// queue is bounded in bytes as well as in messages: with messages of up to <c>maxHttpBufferSize</c> a count alone
/// lets one client that stops reading pin gigabytes. A message is charged from the moment it is queued until the
/// writer has handed it to the transport (<see cref="Release"/>), so what is being written counts too; one message
/// is always admitted into an empty queue, so a message larger than the byte bound can still be delivered.
/// </summary>
internal sealed class OutboundQueue : IValueTaskSource<bool>
{
    private const int InitialCapacity = 4;

    private readonly Lock _lock = new();
    private readonly int _limit;
    private readonly long _byteLimit;
    private EngineMessage[] _items = [];
    private int _head;
    private int _count;
    private long _bytes;
    private bool _completed;
    private bool _readerWaiting;
    private ManualResetValueTaskSourceCore<bool> _waiter = new() { RunContinuationsAsynchronously = true };

    public OutboundQueue(int limit, long byteLimit)
    {
        _limit = limit;
        _byteLimit = byteLimit;
    }

    /// <summary>Bytes queued or being written: what this connection holds on to.</summary>
    public long PendingBytes
    {
        get
        {
            lock (_lock)
            {
                return _bytes;
            }
        }
    }

    public bool IsCompleted
    {
        get
        {
            lock (_lock)
            {
                return _completed;
            }
        }
    }

    /// <summary>False when the queue is completed or full, in messages or in bytes.</summary>
    public bool TryWrite(EngineMessage message)
    {
        bool wake;
        lock (_lock)
        {
            if (_completed || _count == _limit || (_bytes > 0 && _bytes + message.Length > _byteLimit))
            {
                return false;
            }

            if (_count == _items.Length)
            {
                Grow();
            }

            _items[(_head + _count) % _items.Length] = message;
            _count++;
            _bytes += message.Length;
            wake = _readerWaiting;
            _readerWaiting = false;
        }

        if (wake)
        {
            _waiter.SetResult(true);
        }

        return true;
    }

    public bool TryPeek(out EngineMessage message)
    {
        lock (_lock)
        {
            message = _count > 0 ? _items[_head] : null!;
            return _count > 0;
        }
    }

    /// <summary>Takes the next message; its bytes stay charged until the writer calls <see cref="Release"/>.</summary>
    public bool TryRead(out EngineMessage message)
    {
        lock (_lock)
        {
            if (_count == 0)
            {
                message = null!;
                return false;
            }

            message = _items[_head];
            _items[_head] = null!;
            _head = (_head + 1) % _items.Length;
            _count--;
            return true;
        }
    }

    /// <summary>The writer has handed <paramref name="bytes"/> of read messages to the transport.</summary>
    public void Release(long bytes)
    {
        lock (_lock)
        {
            _bytes = Math.Max(0, _bytes - bytes);
        }
    }

    /// <summary>True when a message is there (or on <see cref="WakeReader"/>), false once completed and empty.</summary>
    public ValueTask<bool> WaitToReadAsync()
    {
        lock (_lock)
        {
            if (_count > 0)
            {
                return new ValueTask<bool>(true);
            }

            if (_completed)
            {
                return new ValueTask<bool>(false);
            }

            _waiter.Reset();
            _readerWaiting = true;
            return new ValueTask<bool>(this, _waiter.Version);
        }
    }

    /// <summary>Releases a waiting reader without a message, so it can look at why (upgrade, abort).</summary>
    public void WakeReader()
    {
        lock (_lock)
        {
            if (!_readerWaiting)
            {
                return;
            }

            _readerWaiting = false;
        }

        _waiter.SetResult(true);
    }

    /// <summary>
    /// Drops what is queued and queues <paramref name="closePacket"/> in its place, whatever the bounds: the reader
    /// writes the close and ends. False when the queue was already completed.
    /// </summary>
    public bool DiscardAllBut(EngineMessage closePacket)
    {
        bool wake;
        lock (_lock)
        {
            if (_completed)
            {
                return false;
            }

            Array.Clear(_items);
            _head = 0;
            _count = 0;
            _bytes = 0;
            if (_items.Length == 0)
            {
                Grow();
            }

            _items[0] = closePacket;
            _count = 1;
            _bytes = closePacket.Length;
            wake = _readerWaiting;
            _readerWaiting = false;
        }

        if (wake)
        {
            _waiter.SetResult(true);
        }

        return true;
    }

    /// <summary>Refuses further writes, drops what is queued and releases the reader.</summary>
    public void Complete()
    {
        bool wake;
        lock (_lock)
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            Array.Clear(_items);
            _count = 0;
            _bytes = 0;
            wake = _readerWaiting;
            _readerWaiting = false;
        }

        if (wake)
        {
            _waiter.SetResult(false);
        }
    }

    bool IValueTaskSource<bool>.GetResult(short token) => _waiter.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _waiter.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token,
        ValueTaskSourceOnCompletedFlags flags) => _waiter.OnCompleted(continuation, state, token, flags);

    private void Grow()
    {
        var larger = new EngineMessage[Math.Min(Math.Max(InitialCapacity, _items.Length * 2), _limit)];
        for (var i = 0; i < _count; i++)
        {
            larger[i] = _items[(_head + i) % _items.Length];
        }

        _items = larger;
        _head = 0;
    }
}
