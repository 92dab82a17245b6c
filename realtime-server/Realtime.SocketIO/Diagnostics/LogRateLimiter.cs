namespace Realtime.SocketIO.Diagnostics;

/// <summary>
/// Lets at most <c>limit</c> log entries through per window and counts the others, so input a client controls
/// (one bad packet per new connection, in a loop) cannot turn into as many log lines.
/// </summary>
internal sealed class LogRateLimiter(int limit, TimeSpan window, TimeProvider time)
{
    private readonly Lock _lock = new();
    private long _windowStart = time.GetTimestamp();
    private int _entered;
    private long _suppressed;

    /// <summary>True when this entry may be logged; <paramref name="suppressed"/> is how many were not since the last one.</summary>
    public bool TryEnter(out long suppressed)
    {
        lock (_lock)
        {
            var now = time.GetTimestamp();
            if (time.GetElapsedTime(_windowStart, now) >= window)
            {
                _windowStart = now;
                _entered = 0;
            }

            if (_entered == limit)
            {
                _suppressed++;
                suppressed = 0;
                return false;
            }

            _entered++;
            suppressed = _suppressed;
            _suppressed = 0;
            return true;
        }
    }
}
