using Realtime.SocketIO.Recovery;

namespace Realtime.SocketIO.Adapters;

/// <summary>
/// The single-server adapter with connection state recovery (socket.io-adapter's <c>SessionAwareAdapter</c>): it
/// numbers every broadcast that takes an offset, keeps the recent ones in a log bounded by age
/// (<see cref="ConnectionStateRecoveryOptions.MaxDisconnectionDuration"/>) and by bytes
/// (<see cref="ConnectionStateRecoveryOptions.MaxLogBytes"/>), and keeps disconnected sessions until they expire.
/// </summary>
public sealed class SessionAwareAdapter : Adapter
{
    /// <summary>What an entry costs beyond its payload (the record, its options, the node), for the byte bound.</summary>
    private const int EntryOverheadBytes = 128;

    private readonly object _logGate = new();
    private readonly LinkedList<LogEntry> _log = new();
    private readonly Dictionary<string, KeptSession> _sessions = new(StringComparer.Ordinal);
    private readonly ConnectionStateRecoveryOptions _options;
    private readonly TimeProvider _time;
    private long _logBytes;
    private ulong _lastMilliseconds;
    private ulong _sequence;

    public SessionAwareAdapter(Namespace nsp, ConnectionStateRecoveryOptions options)
        : base(nsp)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _time = nsp.Server.TimeProvider;
    }

    /// <summary>The bytes the log holds now (its bound is <see cref="ConnectionStateRecoveryOptions.MaxLogBytes"/>).</summary>
    public long LogBytes
    {
        get
        {
            lock (_logGate)
            {
                return _logBytes;
            }
        }
    }

    public override void Broadcast(SocketIOPacket packet, BroadcastOptions options)
    {
        ArgumentNullException.ThrowIfNull(packet);
        ArgumentNullException.ThrowIfNull(options);
        if (!TakesOffset(packet, options))
        {
            base.Broadcast(packet, options);
            return;
        }

        // Numbering, logging and delivering under one lock: every socket sees the log's order, so the one offset a
        // client remembers says exactly what it has.
        lock (_logGate)
        {
            var now = (ulong)_time.GetUtcNow().ToUnixTimeMilliseconds();
            var offset = NextOffset(now);
            var numbered = WithOffset(packet, offset.ToString());
            var entry = new LogEntry(offset, now, numbered, options, Size(numbered));
            _log.AddLast(entry);
            _logBytes += entry.Bytes;
            Trim(now);
            base.Broadcast(numbered, options);
        }
    }

    public override ValueTask PersistSessionAsync(PersistedSession session, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        lock (_logGate)
        {
            var now = _time.GetUtcNow();
            foreach (var expired in _sessions.Where(pair => IsExpired(pair.Value, now)).Select(pair => pair.Key).ToList())
            {
                _sessions.Remove(expired);
            }

            _sessions[session.Pid] = new KeptSession(session, now);
        }

        return ValueTask.CompletedTask;
    }

    public override ValueTask<PersistedSession?> RestoreSessionAsync(string pid, string offset,
        CancellationToken cancellationToken = default)
    {
        lock (_logGate)
        {
            if (!_sessions.Remove(pid, out var kept) || IsExpired(kept, _time.GetUtcNow())
                || !StreamOffset.TryParse(offset, out var position) || Find(position) is null)
            {
                return ValueTask.FromResult<PersistedSession?>(null);
            }

            return ValueTask.FromResult<PersistedSession?>(kept.Session);
        }
    }

    public override ValueTask<IReadOnlyList<SocketIOPacket>?> MissedPacketsAsync(PersistedSession session, string offset,
        long maxBytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(session);
        lock (_logGate)
        {
            if (!StreamOffset.TryParse(offset, out var position) || Find(position) is not { } node)
            {
                return ValueTask.FromResult<IReadOnlyList<SocketIOPacket>?>(null);
            }

            var missed = new List<SocketIOPacket>();
            long bytes = 0;
            for (var next = node.Next; next is not null; next = next.Next)
            {
                if (!ShouldReplay(session.Rooms, next.Value.Options))
                {
                    continue;
                }

                bytes += next.Value.Bytes;
                if (bytes > maxBytes)
                {
                    return ValueTask.FromResult<IReadOnlyList<SocketIOPacket>?>(null);
                }

                missed.Add(next.Value.Packet);
            }

            return ValueTask.FromResult<IReadOnlyList<SocketIOPacket>?>(missed);
        }
    }

    private static long Size(SocketIOPacket packet) =>
        EntryOverheadBytes + packet.Data!.Value.GetRawText().Length + packet.Attachments.Sum(a => (long)a.Length);

    private bool IsExpired(KeptSession kept, DateTimeOffset now) =>
        now - kept.DisconnectedAt > _options.MaxDisconnectionDuration;

    /// <summary>Offsets shaped like Redis stream ids (milliseconds-sequence), increasing even if the clock steps back.</summary>
    private StreamOffset NextOffset(ulong now)
    {
        if (now > _lastMilliseconds)
        {
            _lastMilliseconds = now;
            _sequence = 0;
        }
        else
        {
            _sequence++;
        }

        return new StreamOffset(_lastMilliseconds, _sequence);
    }

    /// <summary>Drops entries too old to serve any session, then the oldest until the log fits its bytes.</summary>
    private void Trim(ulong now)
    {
        var maxAge = (ulong)_options.MaxDisconnectionDuration.TotalMilliseconds;
        while (_log.First is { } first
               && (_logBytes > _options.MaxLogBytes || now - Math.Min(now, first.Value.LoggedAt) > maxAge))
        {
            _logBytes -= first.Value.Bytes;
            _log.RemoveFirst();
        }
    }

    /// <summary>The entry of an offset, searched from the newest: a reconnecting client is usually near the end.</summary>
    private LinkedListNode<LogEntry>? Find(StreamOffset offset)
    {
        for (var node = _log.Last; node is not null; node = node.Previous)
        {
            var order = node.Value.Offset.CompareTo(offset);
            if (order == 0)
            {
                return node;
            }

            if (order < 0)
            {
                return null;
            }
        }

        return null;
    }

    private sealed record LogEntry(StreamOffset Offset, ulong LoggedAt, SocketIOPacket Packet, BroadcastOptions Options,
        long Bytes);

    private sealed record KeptSession(PersistedSession Session, DateTimeOffset DisconnectedAt);
}
