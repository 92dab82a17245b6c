namespace Realtime.Bench;

/// <summary>
/// The rollout row's shape: <see cref="Clients"/> subscribers in <see cref="Rooms"/> rooms on three pods, the publish
/// API sending <see cref="MessagesPerSecond"/> to the rooms in turn, and a rolling restart of the pods in between.
/// </summary>
public sealed record RolloutScenario
{
    public const int Pods = 3;

    public static RolloutScenario Default { get; } = new();

    public int Clients { get; init; } = 1000;

    public int Rooms { get; init; } = 100;

    public int MessagesPerSecond { get; init; } = 500;

    /// <summary>The pods' <c>DRAIN_SECONDS</c>: a stopping pod closes its connections over 80 % of it.</summary>
    public int DrainSeconds { get; init; } = 4;

    /// <summary>Steady publishing before the first pod stops and after the last replacement listens.</summary>
    public TimeSpan Steady { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long to wait after publishing stops for every subscriber to have its room's messages.</summary>
    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(10);

    public int ConnectConcurrency { get; init; } = 50;

    public int Seed { get; init; } = 7;

    public void Validate()
    {
        if (Clients < 1 || Rooms < 1 || Rooms > Clients || MessagesPerSecond < 1 || DrainSeconds < 1 || Steady <= TimeSpan.Zero
            || Settle <= TimeSpan.Zero || ConnectConcurrency < 1)
        {
            throw new ArgumentException($"rollout scenario is inconsistent: {this}");
        }
    }
}
