using Realtime.Testing;

namespace Realtime.Operator.Tests.Reconcile;

public sealed class LeaderFailoverTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private OperatorHarness harness = null!;

    public async Task InitializeAsync() => harness = await OperatorHarness.StartAsync();

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task Of_two_operators_only_the_leader_reconciles_and_the_other_takes_over_when_it_stops()
    {
        var first = harness.StartOperator("operator-a", leaderElection: true);
        await Eventually.TrueAsync(() => first.Metrics.Leader.Value == 1, Timeout, "operator-a leads");
        var second = harness.StartOperator("operator-b", leaderElection: true);
        await harness.CreateClusterAsync("chat", """{"routing":{"host":"chat.example.com"}}""");
        await Eventually.TrueAsync(() => harness.IsReady("chat"), Timeout, "chat Ready under operator-a");

        Assert.Equal(0, second.Metrics.Leader.Value);
        Assert.Null(second.Current);
        Assert.Equal(0, second.Metrics.Reconciles.WithLabels("realtimecluster", "success").Value);

        await harness.StopOperatorAsync(first);
        await Eventually.TrueAsync(() => second.Metrics.Leader.Value == 1, Timeout, "operator-b takes over after the lease expires");
        await harness.PatchSpecAsync("chat", """{"replicas":3}""");
        await Eventually.TrueAsync(
            () => harness.IsReady("chat") && harness.Cluster("chat")!["status"]!["readyReplicas"]!.GetValue<int>() == 3,
            Timeout,
            "operator-b reconciles the edit");
        Assert.True(second.Metrics.Reconciles.WithLabels("realtimecluster", "success").Value >= 1);
    }
}
