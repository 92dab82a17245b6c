using Prometheus;

namespace Realtime.Operator.Runtime.Observability;

/// <summary>
/// The controller's Prometheus metrics, in a registry of their own so that two operators in one process (tests)
/// do not share counters.
/// </summary>
public sealed class OperatorMetrics
{
    public OperatorMetrics(string prefix = "realtime_operator")
    {
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        Reconciles = factory.CreateCounter($"{prefix}_reconciles_total", "Reconciles by controller and result (success, requeue, error).", "controller", "result");
        ReconcileDuration = factory.CreateHistogram(
            $"{prefix}_reconcile_duration_seconds",
            "Time spent in one reconcile.",
            new HistogramConfiguration { LabelNames = ["controller"], Buckets = Histogram.ExponentialBuckets(0.005, 2, 14) });
        QueueDepth = factory.CreateGauge($"{prefix}_queue_depth", "Keys waiting in the work queue.", "controller");
        WatchRestarts = factory.CreateCounter($"{prefix}_watch_restarts_total", "Watch restarts by resource and reason (closed, timeout, gone, error).", "resource", "reason");
        WatchEvents = factory.CreateCounter($"{prefix}_watch_events_total", "Watch events received by resource and type.", "resource", "type");
        Leader = factory.CreateGauge($"{prefix}_leader", "1 while this replica holds the leader lease.");
    }

    public CollectorRegistry Registry { get; }

    public Counter Reconciles { get; }

    public Histogram ReconcileDuration { get; }

    public Gauge QueueDepth { get; }

    public Counter WatchRestarts { get; }

    public Counter WatchEvents { get; }

    public Gauge Leader { get; }
}
