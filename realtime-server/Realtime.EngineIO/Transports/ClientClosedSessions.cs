using System.Collections.Concurrent;

namespace Realtime.EngineIO.Transports;

/// <summary>
/// The ids of polling sessions their client closed (a POSTed <c>1</c>) moments ago. The official client sends its
/// last GET and the closing POST together, on two connections; whichever the server reaches first, the GET must be
/// answered with noop as if it had been pending. The reference server, one thread handling requests in the order
/// they arrived, sees the GET first; here the POST's connection may be served first, the session would be gone and
/// the GET answered <c>400 Session ID unknown</c>. So the id is kept for a short while to answer that GET.
/// Bounded in entries (and so in bytes: a sid is 20 characters) and in time.
/// </summary>
internal sealed class ClientClosedSessions(int capacity, TimeSpan retention, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, long> _expiries = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(string Sid, long Expiry)> _order = new();

    public int Count => _expiries.Count;

    public void Add(string sid)
    {
        var now = time.GetTimestamp();
        var expiry = now + (long)(retention.TotalSeconds * time.TimestampFrequency);
        _expiries[sid] = expiry;
        _order.Enqueue((sid, expiry));
        Trim(now);
    }

    /// <summary>True (once) when the client closed this session within the retention.</summary>
    public bool TryTake(string sid)
    {
        var now = time.GetTimestamp();
        Trim(now);
        return _expiries.TryRemove(sid, out var expiry) && expiry > now;
    }

    private void Trim(long now)
    {
        while (_order.TryPeek(out var head) && (head.Expiry <= now || _order.Count > capacity))
        {
            if (_order.TryDequeue(out head))
            {
                _expiries.TryRemove(new KeyValuePair<string, long>(head.Sid, head.Expiry));
            }
        }
    }
}
