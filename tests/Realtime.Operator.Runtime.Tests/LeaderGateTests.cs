using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Realtime.FakeKubeApi;
using Realtime.Operator.Runtime.Leadership;
using Realtime.Operator.Runtime.Observability;
using Realtime.Testing;

namespace Realtime.Operator.Runtime.Tests;

public sealed class LeaderGateTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(9);
    private FakeApiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Only_one_of_two_replicas_works_and_the_other_takes_over_when_the_leader_stops()
    {
        using var clientA = _server.CreateClient();
        using var clientB = _server.CreateClient();
        var a = new Replica("a", clientA);
        var b = new Replica("b", clientB);
        using var stopA = new CancellationTokenSource();
        using var stopB = new CancellationTokenSource();
        var runningA = a.Gate.RunAsync(a.WorkAsync, stopA.Token);
        await Eventually.TrueAsync(() => a.Working, Timeout, "a leads");
        var runningB = b.Gate.RunAsync(b.WorkAsync, stopB.Token);

        await Eventually.TrueAsync(() => b.Gate.CurrentLeader == "a", Timeout, "b sees a as leader");
        Assert.False(b.Working);
        Assert.True(a.Metrics.IsLeader);
        Assert.False(b.Metrics.IsLeader);

        await stopA.CancelAsync();
        await runningA.WaitAsync(Timeout);
        Assert.False(a.Working);

        await Eventually.TrueAsync(() => b.Working, Timeout, "b takes over after a releases the lease");
        Assert.True(b.Metrics.IsLeader);
        Assert.Equal(1, Math.Max(a.Terms, 1));
        await stopB.CancelAsync();
        await runningB.WaitAsync(Timeout);
    }

    [Fact]
    public async Task Losing_the_lease_cancels_the_work_at_once()
    {
        using var client = _server.CreateClient();
        var a = new Replica("a", client);
        using var stop = new CancellationTokenSource();
        var running = a.Gate.RunAsync(a.WorkAsync, stop.Token);
        await Eventually.TrueAsync(() => a.Working, Timeout, "a leads");

        // Renewals fail from now on: the leader must stop within its renew deadline, before anyone else may take the lease.
        _server.Faults.Fail(int.MaxValue, 500, request => request.Resource == "leases");
        await Eventually.TrueAsync(() => !a.Working, Timeout, "work cancelled when renewals fail");
        Assert.False(a.Metrics.IsLeader);

        _server.Faults.Clear();
        await Eventually.TrueAsync(() => a.Working && a.Terms == 2, Timeout, "a new term after re-acquiring");
        await stop.CancelAsync();
        await running.WaitAsync(Timeout);
    }

    [Fact]
    public async Task At_the_shipped_timings_a_stopped_leader_hands_over_in_under_three_seconds_not_a_lease_duration()
    {
        var shipped = new LeaderElectionOptions { Namespace = "ops", LeaseName = "realtime-operator-leader", Identity = "unused" };
        Assert.Equal(TimeSpan.FromSeconds(15), shipped.LeaseDuration);
        using var clientA = _server.CreateClient();
        using var clientB = _server.CreateClient();
        var a = new Replica("a", clientA, shipped);
        var b = new Replica("b", clientB, shipped);
        using var stopA = new CancellationTokenSource();
        using var stopB = new CancellationTokenSource();
        var runningA = a.Gate.RunAsync(a.WorkAsync, stopA.Token);
        await Eventually.TrueAsync(() => a.Working, Timeout, "a leads");
        var runningB = b.Gate.RunAsync(b.WorkAsync, stopB.Token);
        await Eventually.TrueAsync(() => b.Gate.CurrentLeader == "a", Timeout, "b sees a as leader");

        var stoppedAt = System.Diagnostics.Stopwatch.StartNew();
        await stopA.CancelAsync();
        await runningA.WaitAsync(Timeout);
        await Eventually.TrueAsync(() => b.Working, Timeout, "b takes over");
        var handover = stoppedAt.Elapsed;

        Assert.True(handover < TimeSpan.FromSeconds(3), $"handover took {handover.TotalSeconds:F1} s");
        await stopB.CancelAsync();
        await runningB.WaitAsync(Timeout);
    }

    [Fact]
    public async Task A_stopped_leader_leaves_the_lease_with_no_holder_a_one_second_duration_and_its_transition_count()
    {
        using var client = _server.CreateClient();
        var a = new Replica("a", client);
        using var stop = new CancellationTokenSource();
        var running = a.Gate.RunAsync(a.WorkAsync, stop.Token);
        await Eventually.TrueAsync(() => a.Working, Timeout, "a leads");
        var held = await client.CoordinationV1.ReadNamespacedLeaseAsync("realtime-operator-leader", "ops");

        await stop.CancelAsync();
        await running.WaitAsync(Timeout);

        var released = await client.CoordinationV1.ReadNamespacedLeaseAsync("realtime-operator-leader", "ops");
        Assert.Equal("a", held.Spec.HolderIdentity);
        Assert.Equal("", released.Spec.HolderIdentity);
        Assert.Equal(1, released.Spec.LeaseDurationSeconds);
        Assert.Equal(held.Spec.LeaseTransitions, released.Spec.LeaseTransitions);
        Assert.True(released.Spec.RenewTime >= held.Spec.RenewTime);
        Assert.False(a.Working);
    }

    [Fact]
    public async Task Releasing_leaves_a_lease_that_another_replica_holds_untouched()
    {
        using var client = _server.CreateClient();
        var theirs = await client.CoordinationV1.CreateNamespacedLeaseAsync(FakeLeaseTests.Lease("b"), "ops");

        var released = await LeaseRelease.ReleaseAsync(client, "ops", "leader", "a", TimeProvider.System, CancellationToken.None);

        Assert.False(released);
        var after = await client.CoordinationV1.ReadNamespacedLeaseAsync("leader", "ops");
        Assert.Equal("b", after.Spec.HolderIdentity);
        Assert.Equal(theirs.Metadata.ResourceVersion, after.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task The_leader_renews_the_lease_every_retry_period()
    {
        using var client = _server.CreateClient();
        var a = new Replica("a", client);
        using var stop = new CancellationTokenSource();
        var running = a.Gate.RunAsync(a.WorkAsync, stop.Token);
        await Eventually.TrueAsync(() => a.Working, Timeout, "a leads");
        var first = (await client.CoordinationV1.ReadNamespacedLeaseAsync("realtime-operator-leader", "ops")).Spec;

        V1LeaseSpec? later = null;
        await Eventually.TrueAsync(
            async () => (later = (await client.CoordinationV1.ReadNamespacedLeaseAsync("realtime-operator-leader", "ops")).Spec).RenewTime > first.RenewTime,
            Timeout,
            "renewTime moves forward");

        Assert.Equal("a", later!.HolderIdentity);
        Assert.Equal(first.AcquireTime, later.AcquireTime);
        Assert.Equal(2, later.LeaseDurationSeconds);
        await stop.CancelAsync();
        await running.WaitAsync(Timeout);
    }

    [Fact]
    public async Task A_lease_whose_holder_stopped_renewing_is_taken_once_a_lease_duration_has_passed_since_it_was_seen()
    {
        using var client = _server.CreateClient();
        var ghost = FakeLeaseTests.Lease("ghost");
        ghost.Metadata.Name = "realtime-operator-leader";
        ghost.Spec.RenewTime = DateTime.UtcNow.AddHours(-1);
        ghost.Spec.LeaseDurationSeconds = 2;
        await client.CoordinationV1.CreateNamespacedLeaseAsync(ghost, "ops");
        var a = new Replica("a", client);
        using var stop = new CancellationTokenSource();

        // client-go measures expiry from when this candidate last saw the record change, not from renewTime, so
        // that clock skew between replicas cannot shorten a lease; a stale renewTime therefore still waits it out.
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var running = a.Gate.RunAsync(a.WorkAsync, stop.Token);
        await Eventually.TrueAsync(() => a.Working, Timeout, "a takes the abandoned lease");

        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(2), $"took over after {watch.Elapsed.TotalSeconds:F1} s, before the lease duration");
        var taken = await client.CoordinationV1.ReadNamespacedLeaseAsync("realtime-operator-leader", "ops");
        Assert.Equal("a", taken.Spec.HolderIdentity);
        Assert.Equal(1, taken.Spec.LeaseTransitions);
        await stop.CancelAsync();
        await running.WaitAsync(Timeout);
    }

    private sealed class Replica
    {
        private int _working;
        private int _terms;

        public Replica(string identity, IKubernetes client, LeaderElectionOptions? timings = null)
        {
            var options = (timings ?? new LeaderElectionOptions
            {
                Namespace = "ops",
                LeaseName = "realtime-operator-leader",
                Identity = identity,
                LeaseDuration = TimeSpan.FromSeconds(2),
                RenewDeadline = TimeSpan.FromSeconds(1.5),
                RetryPeriod = TimeSpan.FromMilliseconds(200),
            }) with { Identity = identity };
            Gate = new LeaderGate(client, options, Metrics, NullLogger.Instance);
        }

        public OperatorMetrics Metrics { get; } = new();

        public LeaderGate Gate { get; }

        public bool Working => Volatile.Read(ref _working) == 1;

        public int Terms => Volatile.Read(ref _terms);

        public async Task WorkAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _terms);
            Volatile.Write(ref _working, 1);
            try
            {
                await Task.Delay(System.Threading.Timeout.Infinite, cancellationToken);
            }
            finally
            {
                Volatile.Write(ref _working, 0);
            }
        }
    }
}
