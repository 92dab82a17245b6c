namespace Realtime.EngineIO.Transports;

/// <summary>
/// The bytes one server holds for its clients across all connections: large messages being received and distinct
/// outbound messages not yet written. Per-connection bounds alone multiply by the number of connections (1,000
/// hostile clients times a 1 MB frame each is a gigabyte); this one is shared. Readers of large frames wait for room
/// (backpressure: the socket is not read, so the client's TCP window fills), while writers never wait: a connection
/// that already holds a lot is refused more once the budget is spent (<see cref="OutboundQueue"/>).
/// </summary>
internal sealed class ServerByteBudget(long limit)
{
    private readonly Lock _lock = new();
    private long _held;
    private TaskCompletionSource? _released;

    public long Limit => limit;

    public long Held => Volatile.Read(ref _held);

    public bool IsSpent => Volatile.Read(ref _held) >= limit;

    /// <summary>Charges bytes that are already held and cannot wait (an outbound message, a kept attachment).</summary>
    public void Charge(long bytes)
    {
        lock (_lock)
        {
            _held += bytes;
        }
    }

    public void Release(long bytes)
    {
        TaskCompletionSource? released;
        lock (_lock)
        {
            _held -= bytes;
            released = _released;
            _released = null;
        }

        released?.TrySetResult();
    }

    /// <summary>
    /// Charges <paramref name="bytes"/> once they fit, waiting for releases meanwhile; an empty budget always admits,
    /// so a single message larger than the budget is still received.
    /// </summary>
    public ValueTask ReserveAsync(long bytes, CancellationToken cancellation)
    {
        lock (_lock)
        {
            if (_held == 0 || _held + bytes <= limit)
            {
                _held += bytes;
                return ValueTask.CompletedTask;
            }
        }

        return WaitAndReserveAsync(bytes, cancellation);
    }

    private async ValueTask WaitAndReserveAsync(long bytes, CancellationToken cancellation)
    {
        while (true)
        {
            Task released;
            lock (_lock)
            {
                if (_held == 0 || _held + bytes <= limit)
                {
                    _held += bytes;
                    return;
                }

                _released ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                released = _released.Task;
            }

            await released.WaitAsync(cancellation);
        }
    }
}
