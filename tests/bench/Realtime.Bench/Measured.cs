namespace Realtime.Bench;

/// <summary>
/// A load row's client-side result with the servers' costs. <see cref="CpuSeconds"/> runs from the end of the warm-up
/// to the end of the row (connects included); the per-delivery figures count only from the first publish to the
/// last delivery (or the end of the settle time), so connecting a thousand clients does not weigh on a light row.
/// </summary>
/// <param name="SettlingCpuSeconds">
/// The servers' CPU from the joins until they were quiet, before the rest window: the JIT optimizing the paths the
/// row's connects and joins ran, paid once per process.
/// </param>
/// <param name="RestCpuSecondsPerSecond">
/// The servers' CPU per second with every client connected and joined and nothing published: timers, heartbeats,
/// the runtime's own threads. What a delivery costs on top of it is <see cref="CpuSecondsPerMillionAboveRest"/>.
/// </param>
public sealed record Measured(LoadResult Result, double CpuSeconds, double GeneratorCpuSeconds, long PeakRssKiB,
    double PublishingCpuSeconds, long PublishingContextSwitches, double SettlingCpuSeconds, double RestCpuSecondsPerSecond, double PublishingSeconds)
{
    public double CpuSecondsPerMillion => Result.Received == 0 ? 0 : PublishingCpuSeconds * 1_000_000 / Result.Received;

    /// <summary>The publishing window's CPU less what the servers spent at rest over as long, per million deliveries.</summary>
    public double CpuSecondsPerMillionAboveRest => Result.Received == 0
        ? 0
        : (PublishingCpuSeconds - (RestCpuSecondsPerSecond * PublishingSeconds)) * 1_000_000 / Result.Received;

    public double ContextSwitchesPerThousand => Result.Received == 0 ? 0 : PublishingContextSwitches * 1000.0 / Result.Received;
}

/// <summary>A cluster row: the load row plus what Redis sent to the pods and how many PUBLISH calls it served.</summary>
public sealed record ClusterMeasured(Measured Measured, long RedisOutBytes, long PublishCalls);
