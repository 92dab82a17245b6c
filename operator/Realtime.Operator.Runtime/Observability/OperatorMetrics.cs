using System.Diagnostics.Metrics;
using System.Text;
using Microsoft.AspNetCore.Http;
using Realtime.Prometheus;

namespace Realtime.Operator.Runtime.Observability;

/// <summary>
/// The controller's metrics: a System.Diagnostics.Metrics meter of its own, exported by the same
/// <see cref="MeterExporter"/> as the server's /metrics, so that two operators in one process (tests) do not share
/// counters. Prometheus names: one <c>realtime_operator_</c> prefix, counters typed counter and ending in
/// <c>_total</c>, durations in seconds. Every labelled series a dashboard or alert may query is exported from zero as
/// soon as its controller or watch exists, so that <c>rate()</c> and <c>increase()</c> see the first event instead of
/// starting from it. docs/operations.md lists them; a test holds the two together.
/// </summary>
public sealed class OperatorMetrics : IDisposable
{
    public const string MeterName = "Realtime.Operator";

    public const string Prefix = "realtime_operator";

    /// <summary>The values of the reconciles counter's result label.</summary>
    public static readonly IReadOnlyList<string> ReconcileResults = ["success", "requeue", "error"];

    /// <summary>The values of the watch restarts counter's reason label.</summary>
    public static readonly IReadOnlyList<string> WatchRestartReasons = ["closed", "timeout", "gone", "error"];

    /// <summary>The values of the watch events counter's type label (KubernetesClient's WatchEventType names).</summary>
    public static readonly IReadOnlyList<string> WatchEventTypes = ["Added", "Modified", "Deleted", "Bookmark", "Error"];

    private static readonly double[] ReconcileDurationBuckets = [.. Enumerable.Range(0, 14).Select(power => 0.005 * Math.Pow(2, power))];

    private readonly Meter _meter = new(MeterName);
    private readonly MeterExporter _exporter;
    private readonly ProcessStatistics _process = new();
    private readonly Counter<long> _reconciles;
    private readonly Histogram<double> _reconcileDuration;
    private readonly Gauge<int> _queueDepth;
    private readonly Counter<long> _watchRestarts;
    private readonly Counter<long> _watchEvents;
    private readonly Gauge<int> _leader;

    public OperatorMetrics()
    {
        _exporter = new MeterExporter(instrument => ReferenceEquals(instrument.Meter, _meter));
        _reconciles = _meter.CreateCounter<long>("realtime.operator.reconciles", description: "Reconciles by controller and result (success, requeue, error).");
        _reconcileDuration = _meter.CreateHistogram("realtime.operator.reconcile.duration", "s", "Time spent in one reconcile.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = ReconcileDurationBuckets });
        _queueDepth = _meter.CreateGauge<int>("realtime.operator.queue.depth", description: "Keys waiting in the work queue.");
        _watchRestarts = _meter.CreateCounter<long>("realtime.operator.watch.restarts", description: "Watch restarts by resource and reason (closed, timeout, gone, error).");
        _watchEvents = _meter.CreateCounter<long>("realtime.operator.watch.events", description: "Watch events received by resource and type.");
        _leader = _meter.CreateGauge<int>("realtime.operator.leader", description: "1 while this replica holds the leader lease.");
        _leader.Record(0);
    }

    /// <summary>Whether this replica leads, as the leader gauge says.</summary>
    public bool IsLeader => _exporter.Read(_leader) == 1;

    /// <summary>Exports a controller's series from zero.</summary>
    public void AddController(string controller)
    {
        foreach (var result in ReconcileResults)
        {
            _exporter.Publish(_reconciles, Controller(controller), Result(result));
        }

        _exporter.Publish(_reconcileDuration, Controller(controller));
        _queueDepth.Record(0, Controller(controller));
    }

    /// <summary>Exports a watched resource's series from zero.</summary>
    public void AddWatch(string resource)
    {
        foreach (var reason in WatchRestartReasons)
        {
            _exporter.Publish(_watchRestarts, Resource(resource), Reason(reason));
        }

        foreach (var type in WatchEventTypes)
        {
            _exporter.Publish(_watchEvents, Resource(resource), Type(type));
        }
    }

    public void Reconciled(string controller, string result, TimeSpan duration)
    {
        _reconciles.Add(1, Controller(controller), Result(result));
        _reconcileDuration.Record(duration.TotalSeconds, Controller(controller));
    }

    public void QueueDepthChanged(string controller, int depth) => _queueDepth.Record(depth, Controller(controller));

    public void WatchRestarted(string resource, string reason) => _watchRestarts.Add(1, Resource(resource), Reason(reason));

    public void WatchEventReceived(string resource, string type) => _watchEvents.Add(1, Resource(resource), Type(type));

    public void LeaderChanged(bool leads) => _leader.Record(leads ? 1 : 0);

    /// <summary>How many reconciles of <paramref name="controller"/> ended with <paramref name="result"/>.</summary>
    public long ReconcileCount(string controller, string result) =>
        (long)(_exporter.Read(_reconciles, Controller(controller), Result(result)) ?? 0);

    /// <summary>How often the watch of <paramref name="resource"/> restarted for <paramref name="reason"/>.</summary>
    public long WatchRestartCount(string resource, string reason) =>
        (long)(_exporter.Read(_watchRestarts, Resource(resource), Reason(reason)) ?? 0);

    /// <summary>The /metrics answer: the process statistics (the footprint the chart's memory limit is sized from), then these.</summary>
    public Task WriteAsync(HttpContext context) => MetricsResponse.WriteAsync(context, _process, _exporter);

    public void WriteTo(StringBuilder output) => _exporter.WriteTo(output);

    public void Dispose()
    {
        _exporter.Dispose();
        _meter.Dispose();
    }

    private static KeyValuePair<string, object?> Controller(string controller) => new("controller", controller);

    private static KeyValuePair<string, object?> Result(string result) => new("result", result);

    private static KeyValuePair<string, object?> Resource(string resource) => new("resource", resource);

    private static KeyValuePair<string, object?> Reason(string reason) => new("reason", reason);

    private static KeyValuePair<string, object?> Type(string type) => new("type", type);
}
