using Prometheus;

namespace Realtime.Operator.Runtime.Observability;

/// <summary>
/// The controller's Prometheus metrics, in a registry of their own so that two operators in one process (tests)
/// do not share counters. Names follow the Prometheus conventions the server's /metrics follows: one
/// <c>realtime_operator_</c> prefix, counters typed counter and ending in <c>_total</c>, durations in seconds.
/// Every labelled series a dashboard or alert may query is exported from zero as soon as its controller or watch
/// exists, so that <c>rate()</c> and <c>increase()</c> see the first event instead of starting from it.
/// docs/operations.md lists them; a test holds the two together.
/// </summary>
public sealed class OperatorMetrics
{
    public const string Prefix = "realtime_operator";

    /// <summary>The values of Reconciles' result label.</summary>
    public static readonly IReadOnlyList<string> ReconcileResults = ["success", "requeue", "error"];

    /// <summary>The values of WatchRestarts' reason label.</summary>
    public static readonly IReadOnlyList<string> WatchRestartReasons = ["closed", "timeout", "gone", "error"];

    /// <summary>The values of WatchEvents' type label (KubernetesClient's WatchEventType names).</summary>
    public static readonly IReadOnlyList<string> WatchEventTypes = ["Added", "Modified", "Deleted", "Bookmark", "Error"];

    public OperatorMetrics()
    {
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        Reconciles = factory.CreateCounter($"{Prefix}_reconciles_total", "Reconciles by controller and result (success, requeue, error).", "controller", "result");
        ReconcileDuration = factory.CreateHistogram(
            $"{Prefix}_reconcile_duration_seconds",
            "Time spent in one reconcile.",
            new HistogramConfiguration { LabelNames = ["controller"], Buckets = Histogram.ExponentialBuckets(0.005, 2, 14) });
        QueueDepth = factory.CreateGauge($"{Prefix}_queue_depth", "Keys waiting in the work queue.", "controller");
        WatchRestarts = factory.CreateCounter($"{Prefix}_watch_restarts_total", "Watch restarts by resource and reason (closed, timeout, gone, error).", "resource", "reason");
        WatchEvents = factory.CreateCounter($"{Prefix}_watch_events_total", "Watch events received by resource and type.", "resource", "type");
        Leader = factory.CreateGauge($"{Prefix}_leader", "1 while this replica holds the leader lease.");
        Leader.Set(0);

        // process_* and dotnet_* (CPU seconds, resident memory bytes, GC collections): the operator's own footprint,
        // which the chart's memory limit is sized from.
        DotNetStats.Register(Registry);
    }

    public CollectorRegistry Registry { get; }

    public Counter Reconciles { get; }

    public Histogram ReconcileDuration { get; }

    public Gauge QueueDepth { get; }

    public Counter WatchRestarts { get; }

    public Counter WatchEvents { get; }

    public Gauge Leader { get; }

    /// <summary>Exports a controller's series from zero.</summary>
    public void AddController(string controller)
    {
        foreach (var result in ReconcileResults)
        {
            Reconciles.WithLabels(controller, result).Publish();
        }

        ReconcileDuration.WithLabels(controller).Publish();
        QueueDepth.WithLabels(controller).Set(0);
    }

    /// <summary>Exports a watched resource's series from zero.</summary>
    public void AddWatch(string resource)
    {
        foreach (var reason in WatchRestartReasons)
        {
            WatchRestarts.WithLabels(resource, reason).Publish();
        }

        foreach (var type in WatchEventTypes)
        {
            WatchEvents.WithLabels(resource, type).Publish();
        }
    }
}
