namespace Realtime.Operator.Runtime.Queue;

/// <summary>Exponential delay per consecutive failure, capped, with up to 20% jitter so retries do not synchronise.</summary>
public sealed class Backoff(TimeSpan initial, TimeSpan cap)
{
    public TimeSpan Initial { get; } = initial;

    public TimeSpan Cap { get; } = cap;

    public TimeSpan DelayFor(int failures, Random random)
    {
        var exponent = Math.Clamp(failures - 1, 0, 30);
        var baseDelay = Math.Min(Initial.TotalMilliseconds * Math.Pow(2, exponent), Cap.TotalMilliseconds);
        var jitter = baseDelay * 0.2 * random.NextDouble();
        return TimeSpan.FromMilliseconds(Math.Min(baseDelay + jitter, Cap.TotalMilliseconds));
    }
}
