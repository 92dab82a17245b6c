namespace Realtime.Operator.Runtime.Leadership;

public sealed record LeaderElectionOptions
{
    public required string Namespace { get; init; }

    public required string LeaseName { get; init; }

    public required string Identity { get; init; }

    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The leader gives up (and stops working) when it could not renew for this long; below the lease duration.</summary>
    public TimeSpan RenewDeadline { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryPeriod { get; init; } = TimeSpan.FromSeconds(2);
}
