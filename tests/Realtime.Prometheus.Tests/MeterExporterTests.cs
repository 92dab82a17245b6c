using System.Diagnostics.Metrics;
using System.Text;
using Realtime.Prometheus;

namespace Realtime.Prometheus.Tests;

/// <summary>The Prometheus text of System.Diagnostics.Metrics instruments: names, types, zero counters, histograms, labels.</summary>
public sealed class MeterExporterTests : IDisposable
{
    private readonly Meter _meter = new($"test.exporter.{Guid.NewGuid():N}");
    private readonly MeterExporter _exporter;

    public MeterExporterTests() => _exporter = new MeterExporter(instrument => instrument.Meter == _meter);

    [Fact]
    public void Names_get_base_unit_suffixes_and_counters_total_and_start_at_zero()
    {
        _meter.CreateCounter<long>("app.frames.sent", "{frame}", "Frames sent.");
        _meter.CreateCounter<long>("app.written", "By");
        _meter.CreateCounter<long>("app.bytes.read", "By");
        _meter.CreateUpDownCounter<long>("app.sessions");
        _meter.CreateObservableGauge("app.lag", () => 1.5, "s");

        var text = Export();

        Assert.Contains("# HELP app_frames_sent_total Frames sent.\n# TYPE app_frames_sent_total counter\napp_frames_sent_total 0\n", text);
        Assert.Contains("# TYPE app_written_bytes_total counter\n", text);
        Assert.Contains("# TYPE app_bytes_read_total counter\n", text);
        Assert.Contains("# TYPE app_sessions gauge\napp_sessions 0\n", text);
        Assert.Contains("# TYPE app_lag_seconds gauge\napp_lag_seconds 1.5\n", text);
    }

    [Fact]
    public void Tagged_measurements_are_series_with_escaped_sorted_labels()
    {
        var counter = _meter.CreateCounter<long>("app.closes");
        counter.Add(2, new KeyValuePair<string, object?>("reason", "a \"quoted\"\nline\\"), new("http.route", "/x"));
        counter.Add(1, new KeyValuePair<string, object?>("http.route", "/x"), new("reason", "a \"quoted\"\nline\\"));

        Assert.Contains("app_closes_total{http_route=\"/x\",reason=\"a \\\"quoted\\\"\\nline\\\\\"} 3\n", Export());
    }

    [Fact]
    public void Histograms_have_cumulative_buckets_from_the_advice_sum_and_count()
    {
        var histogram = _meter.CreateHistogram<double>("app.duration", "s", null, null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1] });
        histogram.Record(0.05);
        histogram.Record(0.1);
        histogram.Record(5);

        var text = Export();

        Assert.Contains("# TYPE app_duration_seconds histogram\n", text);
        Assert.Contains("app_duration_seconds_bucket{le=\"0.1\"} 2\napp_duration_seconds_bucket{le=\"1\"} 2\n" +
                        "app_duration_seconds_bucket{le=\"+Inf\"} 3\napp_duration_seconds_sum 5.15\napp_duration_seconds_count 3\n", text);
    }

    [Fact]
    public void A_tag_with_unbounded_values_stops_adding_series_at_the_cap()
    {
        var counter = _meter.CreateCounter<long>("app.requests");
        for (var i = 0; i < 5000; i++)
        {
            counter.Add(1, new KeyValuePair<string, object?>("id", i));
        }

        var series = Export().Split('\n').Count(line => line.StartsWith("app_requests_total{", StringComparison.Ordinal));
        Assert.Equal(1000, series);
    }

    [Fact]
    public void Gauges_are_typed_gauge_and_keep_the_last_value_of_each_series()
    {
        var gauge = _meter.CreateGauge<int>("app.queue.depth");
        gauge.Record(3, new KeyValuePair<string, object?>("queue", "a"));
        gauge.Record(1, new KeyValuePair<string, object?>("queue", "a"));
        gauge.Record(7, new KeyValuePair<string, object?>("queue", "b"));

        Assert.Contains("# TYPE app_queue_depth gauge\napp_queue_depth{queue=\"a\"} 1\napp_queue_depth{queue=\"b\"} 7\n", Export());
    }

    [Fact]
    public void A_published_series_is_exported_at_zero_before_its_first_measurement()
    {
        var counter = _meter.CreateCounter<long>("app.failures");
        var histogram = _meter.CreateHistogram<double>("app.wait", "s", null, null,
            new InstrumentAdvice<double> { HistogramBucketBoundaries = [1] });

        _exporter.Publish(counter, new KeyValuePair<string, object?>("kind", "timeout"));
        _exporter.Publish(histogram, new KeyValuePair<string, object?>("kind", "timeout"));

        var text = Export();
        Assert.Contains("app_failures_total{kind=\"timeout\"} 0\n", text);
        Assert.Contains("app_wait_seconds_bucket{kind=\"timeout\",le=\"+Inf\"} 0\n", text);
        Assert.Contains("app_wait_seconds_count{kind=\"timeout\"} 0\n", text);
    }

    [Fact]
    public void Read_returns_the_exported_value_of_a_series_and_null_for_one_never_seen()
    {
        var counter = _meter.CreateCounter<long>("app.retries");
        var histogram = _meter.CreateHistogram<double>("app.latency", "s");
        counter.Add(2, new KeyValuePair<string, object?>("kind", "a"));
        counter.Add(3, new KeyValuePair<string, object?>("kind", "a"));
        histogram.Record(0.5);
        histogram.Record(0.25);

        Assert.Equal(5, _exporter.Read(counter, new KeyValuePair<string, object?>("kind", "a")));
        Assert.Null(_exporter.Read(counter, new KeyValuePair<string, object?>("kind", "b")));
        Assert.Equal(2, _exporter.Read(histogram));
    }

    public void Dispose()
    {
        _exporter.Dispose();
        _meter.Dispose();
    }

    private string Export()
    {
        var output = new StringBuilder();
        _exporter.WriteTo(output);
        return output.ToString();
    }
}
