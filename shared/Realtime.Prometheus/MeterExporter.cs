using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;

namespace Realtime.Prometheus;

/// <summary>
/// Listens to the instruments that <paramref name="include"/> selects and writes them in the Prometheus text
/// format with Prometheus names (<see cref="PrometheusNames"/>): counters typed <c>counter</c> and present at 0
/// from the start, up-down counters and gauges typed <c>gauge</c>, histograms with their advised buckets.
/// The server and the operator both export their meters with it.
/// </summary>
public sealed class MeterExporter : IDisposable
{
    // OpenTelemetry's default explicit buckets, for histograms that advise none.
    private static readonly double[] DefaultBuckets = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    private readonly ConcurrentDictionary<Instrument, MetricFamily> _families = new();
    private readonly MeterListener _listener = new();
    private readonly Lock _collectLock = new();

    public MeterExporter(Func<Instrument, bool> include)
    {
        ArgumentNullException.ThrowIfNull(include);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (include(instrument) && Create(instrument) is { } family)
            {
                _families[instrument] = family;
                listener.EnableMeasurementEvents(instrument, family);
            }
        };
        _listener.MeasurementsCompleted = (instrument, _) => _families.TryRemove(instrument, out MetricFamily? _);
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, state) => OnMeasurement(instrument, value, tags, state));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, state) => OnMeasurement(instrument, value, tags, state));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, state) => OnMeasurement(instrument, value, tags, state));
        _listener.Start();
    }

    /// <summary>The names of the exported families, for documentation checks.</summary>
    public IReadOnlyCollection<string> FamilyNames => [.. _families.Values.Select(family => family.Name)];

    /// <summary>Collects the observable instruments and writes every family, sorted by name.</summary>
    public void WriteTo(StringBuilder output)
    {
        ArgumentNullException.ThrowIfNull(output);
        lock (_collectLock)
        {
            foreach (var family in _families.Values.Where(family => family.IsObservable))
            {
                family.ClearSeries();
            }

            _listener.RecordObservableInstruments();
            foreach (var family in _families.Values.OrderBy(family => family.Name, StringComparer.Ordinal))
            {
                family.Write(output);
            }
        }
    }

    /// <summary>
    /// Exports a labelled series before its first measurement, so that <c>rate()</c> and <c>increase()</c> see the
    /// first event instead of starting from it. A histogram's series then has count 0, which no measurement can give.
    /// </summary>
    public void Publish(Instrument instrument, params ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        if (_families.TryGetValue(instrument, out var family))
        {
            family.Publish(tags);
        }
    }

    /// <summary>
    /// The exported value of a counter's or a gauge's series (a histogram's count), or null if it has none; for a host
    /// that acts on its own numbers and for tests.
    /// </summary>
    public double? Read(Instrument instrument, params ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        return _families.TryGetValue(instrument, out var family) ? family.Read(tags) : null;
    }

    public void Dispose() => _listener.Dispose();

    private static void OnMeasurement(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags,
        object? state)
    {
        var family = (MetricFamily)state!;
        switch (instrument)
        {
            case Counter<long> or Counter<int> or Counter<double> or UpDownCounter<long> or UpDownCounter<int>
                or UpDownCounter<double>:
                family.Add(value, tags);
                break;
            case Histogram<long> or Histogram<double>:
                family.Record(value, tags);
                break;
            default:
                family.Set(value, tags);
                break;
        }
    }

    private static MetricFamily? Create(Instrument instrument)
    {
        var name = PrometheusNames.For(instrument);
        return instrument switch
        {
            Counter<long> or Counter<int> or Counter<double> =>
                new MetricFamily(name, "counter", instrument.Description, null, observable: false),
            UpDownCounter<long> or UpDownCounter<int> or UpDownCounter<double> =>
                new MetricFamily(name, "gauge", instrument.Description, null, observable: false),
            Gauge<long> or Gauge<int> or Gauge<double> =>
                new MetricFamily(name, "gauge", instrument.Description, null, observable: false),
            Histogram<double> histogram => new MetricFamily(name, "histogram", instrument.Description,
                histogram.Advice?.HistogramBucketBoundaries?.ToArray() ?? DefaultBuckets, observable: false),
            Histogram<long> histogram => new MetricFamily(name, "histogram", instrument.Description,
                histogram.Advice?.HistogramBucketBoundaries?.Select(bound => (double)bound).ToArray() ?? DefaultBuckets,
                observable: false),
            _ when PrometheusNames.IsCounter(instrument) =>
                new MetricFamily(name, "counter", instrument.Description, null, observable: true),
            { IsObservable: true } => new MetricFamily(name, "gauge", instrument.Description, null, observable: true),
            _ => null,
        };
    }
}
