using Microsoft.Extensions.Logging;

namespace Realtime.Operator.Runtime.Memory;

/// <summary>
/// Gives the GC heap that a burst of reconciles grew back to the operating system once the burst is over.
/// Workstation GC keeps the segments it committed for the convergence after a start (every cluster reconciled at
/// once), although the live heap afterwards is a fraction of them; the pod is charged for them until the next large
/// collection, which an idle operator rarely triggers. One blocking, compacting, aggressive gen-2 collection after
/// allocation has gone quiet decommits them.
/// It is safe because it is rare and small: it runs only when the committed heap exceeds the live heap by
/// <see cref="SurplusBytes"/>, only after a quiet period, and at most once per <see cref="MinimumInterval"/>; the live
/// heap of an operator is tens of MB, so the pause is milliseconds, and a reconcile that runs during it only waits.
/// </summary>
public sealed partial class HeapReturner(ILogger<HeapReturner> logger, TimeProvider time)
{
    /// <summary>How often allocation and the heap are looked at.</summary>
    public TimeSpan CheckPeriod { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Less than this allocated in one <see cref="CheckPeriod"/> counts as quiet (an idle operator's watches and probes allocate well under it).</summary>
    public long QuietAllocationBytes { get; init; } = 2 * 1024 * 1024;

    /// <summary>Committed heap beyond the live heap that is worth a full compacting collection.</summary>
    public long SurplusBytes { get; init; } = 16 * 1024 * 1024;

    public TimeSpan MinimumInterval { get; init; } = TimeSpan.FromMinutes(5);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(CheckPeriod, time);
        var allocated = GC.GetTotalAllocatedBytes();
        DateTimeOffset? lastReturn = null;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var now = GC.GetTotalAllocatedBytes();
                var allocatedInPeriod = now - allocated;
                allocated = now;
                if (!ShouldReturn(allocatedInPeriod, Surplus(), time.GetUtcNow() - lastReturn))
                {
                    continue;
                }

                var before = GC.GetGCMemoryInfo().TotalCommittedBytes;
                GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                lastReturn = time.GetUtcNow();
                allocated = GC.GetTotalAllocatedBytes();
                Returned(logger, (before - GC.GetGCMemoryInfo().TotalCommittedBytes) / (1024 * 1024));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <param name="sinceLastReturn">Null before the first return.</param>
    internal bool ShouldReturn(long allocatedInPeriod, long surplusBytes, TimeSpan? sinceLastReturn) =>
        allocatedInPeriod < QuietAllocationBytes && surplusBytes >= SurplusBytes && !(sinceLastReturn < MinimumInterval);

    /// <summary>Committed heap minus what the last collection found live (its fragmentation is free space, too).</summary>
    private static long Surplus()
    {
        var info = GC.GetGCMemoryInfo();
        return info.TotalCommittedBytes - (info.HeapSizeBytes - info.FragmentedBytes);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "returned {Mebibytes} MiB of GC heap after a burst of work")]
    private static partial void Returned(ILogger logger, long mebibytes);
}
