using Realtime.Operator.Runtime.Queue;

namespace Realtime.Operator.Runtime.Controllers;

public sealed record ControllerOptions
{
    /// <summary>The controller's name in logs and metric labels.</summary>
    public string Name { get; init; } = "controller";

    /// <summary>Reconciles running at the same time (over distinct keys; one key is never reconciled twice at once).</summary>
    public int MaxConcurrentReconciles { get; init; } = 4;

    /// <summary>Retry delays after failures: 1 s doubling to 5 min, with jitter.</summary>
    public Backoff Backoff { get; init; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(5));

    /// <summary>Every known key is reconciled again at this period, to repair drift no event reported.</summary>
    public TimeSpan ResyncPeriod { get; init; } = TimeSpan.FromMinutes(10);
}
