using System.Diagnostics;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using Realtime.Operator.Hosting;
using Realtime.Testing;

namespace Realtime.Operator.E2E.Tests;

/// <summary>Leader election against a real API server's Lease, at the shipped timings (lease 15 s, retry 2 s).</summary>
public sealed class LeaderHandoverE2ETests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [E2EFact]
    public async Task A_leader_stopped_as_by_SIGTERM_hands_the_lease_to_the_standby_in_under_three_seconds()
    {
        await using var cluster = await RealCluster.StartAsync();

        // A Lease of this test's own, so the harness's operator (which holds the default one) is not part of it.
        var options = new OperatorOptions { WatchNamespaces = [cluster.Namespace], LeaderElection = true, LeaseName = "handover-e2e" };
        var first = new RealtimeOperator(cluster.Client, options with { Identity = "handover-a" }, cluster.Namespace, new OperatorTuning(), NullLoggerFactory.Instance);
        var second = new RealtimeOperator(cluster.Client, options with { Identity = "handover-b" }, cluster.Namespace, new OperatorTuning(), NullLoggerFactory.Instance);
        using var stopFirst = new CancellationTokenSource();
        using var stopSecond = new CancellationTokenSource();
        var runningFirst = Task.Run(() => first.RunAsync(stopFirst.Token));
        await Eventually.TrueAsync(() => first.Metrics.IsLeader, Timeout, "handover-a leads");
        var runningSecond = Task.Run(() => second.RunAsync(stopSecond.Token));
        await Eventually.TrueAsync(() => second.ObservedLeader == "handover-a", Timeout, "handover-b sees handover-a lead");
        Assert.False(second.Metrics.IsLeader);

        // System.CommandLine turns SIGTERM into this cancellation.
        var stopped = Stopwatch.StartNew();
        await stopFirst.CancelAsync();
        await runningFirst.WaitAsync(Timeout);
        await Eventually.TrueAsync(() => second.Metrics.IsLeader, Timeout, "handover-b takes over");
        var handover = stopped.Elapsed;

        Assert.True(handover < TimeSpan.FromSeconds(3), $"handover took {handover.TotalSeconds:F1} s");
        Assert.Equal("handover-b", await HolderAsync(cluster));
        await stopSecond.CancelAsync();
        await runningSecond.WaitAsync(Timeout);
    }

    private static async Task<string?> HolderAsync(RealCluster cluster) =>
        (await cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync("handover-e2e", cluster.Namespace)).Spec?.HolderIdentity;
}
