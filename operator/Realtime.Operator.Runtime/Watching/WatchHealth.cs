namespace Realtime.Operator.Runtime.Watching;

/// <summary>
/// Liveness of one watch loop: healthy while it keeps making progress (a list, an opened watch, an event or a
/// bookmark) within the allowed window. A watch that is silently dead stops making progress once the silence
/// timeout fails to reopen it.
/// </summary>
public sealed class WatchHealth(TimeProvider time, TimeSpan window)
{
    private long _lastProgressTicks = time.GetUtcNow().UtcTicks;

    public DateTimeOffset LastProgress => new(Interlocked.Read(ref _lastProgressTicks), TimeSpan.Zero);

    public bool IsHealthy => time.GetUtcNow() - LastProgress <= window;

    public void MarkProgress() => Interlocked.Exchange(ref _lastProgressTicks, time.GetUtcNow().UtcTicks);
}
