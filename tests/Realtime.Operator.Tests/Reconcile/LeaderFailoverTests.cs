using Realtime.Operator.Hosting;
using Realtime.Testing;

namespace Realtime.Operator.Tests.Reconcile;

public sealed class LeaderFailoverTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private OperatorHarness _harness = null!;

    public async Task InitializeAsync() => _harness = await OperatorHarness.StartAsync();

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Of_two_operators_only_the_leader_reconciles_and_the_other_takes_over_when_it_stops()
    {
        var first = _harness.StartOperator("operator-a", leaderElection: true);
        await Eventually.TrueAsync(() => first.Metrics.IsLeader, Timeout, "operator-a leads");
        var second = _harness.StartOperator("operator-b", leaderElection: true);
        await _harness.CreateClusterAsync("chat", """{"routing":{"host":"chat.example.com"}}""");
        await Eventually.TrueAsync(() => _harness.IsReady("chat"), Timeout, "chat Ready under operator-a");

        Assert.False(second.Metrics.IsLeader);
        Assert.Null(second.Current);
        Assert.Equal(0, second.Metrics.ReconcileCount("realtimecluster", "success"));

        await _harness.StopOperatorAsync(first);
        await Eventually.TrueAsync(() => second.Metrics.IsLeader, Timeout, "operator-b takes over once operator-a released the lease");
        await _harness.PatchSpecAsync("chat", """{"replicas":3}""");
        await Eventually.TrueAsync(
            () => _harness.IsReady("chat") && _harness.Cluster("chat")!["status"]!["readyReplicas"]!.GetValue<int>() == 3,
            Timeout,
            "operator-b reconciles the edit");
        Assert.True(second.Metrics.ReconcileCount("realtimecluster", "success") >= 1);
    }

    [Fact]
    public async Task At_the_shipped_lease_timings_a_stopped_operator_hands_over_in_under_three_seconds()
    {
        var shipped = new OperatorTuning();
        Assert.Equal(TimeSpan.FromSeconds(15), shipped.LeaseDuration);
        var tuning = OperatorHarness.FastTuning with { LeaseDuration = shipped.LeaseDuration, RenewDeadline = shipped.RenewDeadline, RetryPeriod = shipped.RetryPeriod };
        var first = _harness.StartOperator("operator-a", leaderElection: true, tuning: tuning);
        await Eventually.TrueAsync(() => first.Metrics.IsLeader, Timeout, "operator-a leads");
        var second = _harness.StartOperator("operator-b", leaderElection: true, tuning: tuning);
        await Eventually.TrueAsync(() => second.ObservedLeader == "operator-a", Timeout, "operator-b sees operator-a lead");
        Assert.False(second.Metrics.IsLeader);

        var stoppedAt = System.Diagnostics.Stopwatch.StartNew();
        await _harness.StopOperatorAsync(first);
        var stopped = stoppedAt.Elapsed;
        await Eventually.TrueAsync(() => second.Metrics.IsLeader, Timeout, "operator-b takes over");

        Assert.True(stoppedAt.Elapsed < TimeSpan.FromSeconds(3), $"handover took {stoppedAt.Elapsed.TotalSeconds:F1} s, of which {stopped.TotalSeconds:F1} s stopping operator-a");
    }
}
