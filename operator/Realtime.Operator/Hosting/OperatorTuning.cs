using Realtime.Operator.Runtime.Controllers;
using Realtime.Operator.Runtime.Watching;

namespace Realtime.Operator.Hosting;

/// <summary>Timings of the controller; production defaults, shortened by tests.</summary>
internal sealed record OperatorTuning
{
    public WatcherOptions Watch { get; init; } = new();

    public ControllerOptions Controller { get; init; } = new() { Name = "realtimecluster" };

    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a Redis that never became ready may take before a RedisUnavailable warning.</summary>
    public TimeSpan RedisUnavailableGrace { get; init; } = Reconcile.RedisUnavailableWarning.Grace;
}
