namespace Realtime.Bench;

/// <summary>
/// Lock-free latency histogram with fixed memory: 1 µs resolution below 1 ms, then 64 sub-buckets per power of
/// two (under 1.6 % error), up to about 70 s. Many receive loops record into one instance concurrently.
/// </summary>
public sealed class LatencyHistogram
{
    private const int LinearMicros = 1024;
    private const int SubBuckets = 64;
    private const int Octaves = 27;
    private readonly long[] _counts = new long[LinearMicros + (Octaves * SubBuckets)];
    private long _maxMicros;
    private long _total;

    public long Count => Interlocked.Read(ref _total);

    public double MaxMilliseconds => Interlocked.Read(ref _maxMicros) / 1000.0;

    public void Record(long micros)
    {
        micros = Math.Max(0, micros);
        Interlocked.Increment(ref _counts[IndexOf(micros)]);
        Interlocked.Increment(ref _total);
        var max = Interlocked.Read(ref _maxMicros);
        while (micros > max)
        {
            var seen = Interlocked.CompareExchange(ref _maxMicros, micros, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }
    }

    /// <summary>The latency at the given quantile (0..1) in milliseconds; 0 when nothing was recorded.</summary>
    public double QuantileMilliseconds(double quantile)
    {
        var total = Count;
        if (total == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(quantile * total);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= rank)
            {
                return UpperBoundMicros(i) / 1000.0;
            }
        }

        return MaxMilliseconds;
    }

    private static int IndexOf(long micros)
    {
        if (micros < LinearMicros)
        {
            return (int)micros;
        }

        var octave = 63 - (int)long.LeadingZeroCount(micros) - 10;
        if (octave >= Octaves)
        {
            return LinearMicros + (Octaves * SubBuckets) - 1;
        }

        var sub = (int)((micros >> (octave + 4)) & (SubBuckets - 1));
        return LinearMicros + (octave * SubBuckets) + sub;
    }

    private static long UpperBoundMicros(int index)
    {
        if (index < LinearMicros)
        {
            return index;
        }

        var octave = (index - LinearMicros) / SubBuckets;
        var sub = (index - LinearMicros) % SubBuckets;
        return ((long)(SubBuckets + sub + 1) << (octave + 4)) - 1;
    }
}
