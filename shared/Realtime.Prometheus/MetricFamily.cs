using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Realtime.Prometheus;

/// <summary>
/// The series of one instrument: a value (or histogram) per label set, updated lock-free from measurement
/// callbacks and written in the Prometheus text format. Label sets are capped, so a tag with unbounded values
/// cannot grow the process without limit.
/// </summary>
internal sealed class MetricFamily(string name, string type, string? help, double[]? buckets, bool observable)
{
    public const int MaxSeries = 1000;

    private readonly ConcurrentDictionary<string, Series> _series = new(StringComparer.Ordinal);

    public string Name => name;

    public bool IsObservable => observable;

    public void Add(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        Find(tags)?.Add(value);

    public void Set(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        Find(tags)?.Set(value);

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        Find(tags)?.Observe(value);

    public void Publish(ReadOnlySpan<KeyValuePair<string, object?>> tags) => _ = Find(tags);

    public double? Read(ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        _series.TryGetValue(tags.IsEmpty ? string.Empty : Labels(tags), out var series)
            ? buckets is null ? series.Value : Interlocked.Read(ref series.Count)
            : null;

    /// <summary>Observable instruments report every series at each collection: those not reported are gone.</summary>
    public void ClearSeries() => _series.Clear();

    public void Write(StringBuilder output)
    {
        if (help is not null)
        {
            output.Append("# HELP ").Append(name).Append(' ').Append(EscapeHelp(help)).Append('\n');
        }

        output.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        if (_series.IsEmpty && buckets is null && !observable)
        {
            // A counter that was never incremented is 0, not absent: rate() and alerts need the series from the start.
            output.Append(name).Append(" 0\n");
            return;
        }

        foreach (var (labels, series) in _series.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (buckets is null)
            {
                WriteSample(output, name, labels, null, series.Value);
                continue;
            }

            long cumulative = 0;
            for (var i = 0; i <= buckets.Length; i++)
            {
                cumulative += Interlocked.Read(ref series.Buckets![i]);
                var bound = i < buckets.Length ? buckets[i].ToString(CultureInfo.InvariantCulture) : "+Inf";
                WriteSample(output, name + "_bucket", labels, bound, cumulative);
            }

            WriteSample(output, name + "_sum", labels, null, series.Value);
            WriteSample(output, name + "_count", labels, null, Interlocked.Read(ref series.Count));
        }
    }

    private Series? Find(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = tags.IsEmpty ? string.Empty : Labels(tags);
        if (_series.TryGetValue(labels, out var series))
        {
            return series;
        }

        return _series.Count >= MaxSeries ? null : _series.GetOrAdd(labels, _ => new Series(buckets));
    }

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var sorted = tags.ToArray();
        Array.Sort(sorted, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var builder = new StringBuilder();
        foreach (var (key, value) in sorted)
        {
            builder.Append(builder.Length == 0 ? "" : ",").Append(PrometheusNames.Sanitize(key)).Append("=\"")
                .Append(EscapeLabel(Convert.ToString(value, CultureInfo.InvariantCulture) ?? "")).Append('"');
        }

        return builder.ToString();
    }

    private static void WriteSample(StringBuilder output, string sample, string labels, string? le, double value)
    {
        output.Append(sample);
        if (labels.Length > 0 || le is not null)
        {
            output.Append('{').Append(labels);
            if (le is not null)
            {
                output.Append(labels.Length > 0 ? "," : "").Append("le=\"").Append(le).Append('"');
            }

            output.Append('}');
        }

        output.Append(' ').Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
    }

    private static string EscapeLabel(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);

    private static string EscapeHelp(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    private sealed class Series(double[]? buckets)
    {
        public readonly long[]? Buckets = buckets is null ? null : new long[buckets.Length + 1];
        public long Count;
        private double _value;

        public double Value => Volatile.Read(ref _value);

        public void Add(double value)
        {
            double current, updated;
            do
            {
                current = Volatile.Read(ref _value);
                updated = current + value;
            }
            while (Interlocked.CompareExchange(ref _value, updated, current) != current);
        }

        public void Set(double value) => Volatile.Write(ref _value, value);

        public void Observe(double value)
        {
            var index = Array.BinarySearch(buckets!, value);
            Interlocked.Increment(ref Buckets![index >= 0 ? index : ~index]);
            Interlocked.Increment(ref Count);
            Add(value);
        }
    }
}
