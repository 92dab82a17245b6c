using k8s;
using Microsoft.Extensions.Logging.Abstractions;
using Realtime.FakeKubeApi;
using Realtime.Operator.Runtime.Leadership;
using Realtime.Operator.Runtime.Observability;
using Realtime.Testing;

namespace Realtime.Operator.Runtime.Tests;

public sealed class LeaderGateTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(9);
    private FakeApiServer server = null!;

    public async Task InitializeAsync() => server = await FakeApiServer.StartAsync();

    public async Task DisposeAsync() => await server.DisposeAsync();

    [Fact]
    public async Task Only_one_of_two_replicas_works_and_the_other_takes_over_when_the_leader_stops()
    {
        using var clientA = server.CreateClient();
        using var clientB = server.CreateClient();
        var a = new Replica("a", clientA);
        var b = new Replica("b", clientB);
        using var stopA = new CancellationTokenSource();
        using var stopB = new CancellationTokenSource();
        var runningA = a.Gate.RunAsync(a.WorkAsync, stopA.Token);
        await Eventually.TrueAsync(() => a.Working, Timeout, "a leads");
        var runningB = b.Gate.RunAsync(b.WorkAsync, stopB.Token);

        await Eventually.TrueAsync(() => b.Gate.CurrentLeader == "a", Timeout, "b sees a as leader");
        Assert.False(b.Working);
        Assert.Equal(1, a.Metrics.Leader.Value);
        Assert.Equal(0, b.Metrics.Leader.Value);

        await stopA.CancelAsync();
        await runningA.WaitAsync(Timeout);
        Assert.False(a.Working);

        await Eventually.TrueAsync(() => b.Working, Timeout, "b takes over after the lease expires");
        Assert.Equal(1, b.Metrics.Leader.Value);
        Assert.Equal(1, Math.Max(a.Terms, 1));
        await stopB.CancelAsync();
        await runningB.WaitAsync(Timeout);
    }

    [Fact]
    public async Task Losing_the_lease_cancels_the_work_at_once()
    {
        using var client = server.CreateClient();
        var a = new Replica("a", client);
        using var stop = new CancellationTokenSource();
        var running = a.Gate.RunAsync(a.WorkAsync, stop.Token);
        await Eventually.TrueAsync(() => a.Working, Timeout, "a leads");

        // Renewals fail from now on: the leader must stop within its renew deadline, before anyone else may take the lease.
        server.Faults.Fail(int.MaxValue, 500, request => request.Resource == "leases");
        await Eventually.TrueAsync(() => !a.Working, Timeout, "work cancelled when renewals fail");
        Assert.Equal(0, a.Metrics.Leader.Value);

        server.Faults.Clear();
        await Eventually.TrueAsync(() => a.Working && a.Terms == 2, Timeout, "a new term after re-acquiring");
        await stop.CancelAsync();
        await running.WaitAsync(Timeout);
    }

    private sealed class Replica
    {
        private int working;
        private int terms;

        public Replica(string identity, IKubernetes client)
        {
            Gate = new LeaderGate(
                client,
                new LeaderElectionOptions
                {
                    Namespace = "ops",
                    LeaseName = "realtime-operator-leader",
                    Identity = identity,
                    LeaseDuration = TimeSpan.FromSeconds(2),
                    RenewDeadline = TimeSpan.FromSeconds(1.5),
                    RetryPeriod = TimeSpan.FromMilliseconds(200),
                },
                Metrics,
                NullLogger.Instance);
        }

        public OperatorMetrics Metrics { get; } = new();

        public LeaderGate Gate { get; }

        public bool Working => Volatile.Read(ref working) == 1;

        public int Terms => Volatile.Read(ref terms);

        public async Task WorkAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref terms);
            Volatile.Write(ref working, 1);
            try
            {
                await Task.Delay(System.Threading.Timeout.Infinite, cancellationToken);
            }
            finally
            {
                Volatile.Write(ref working, 0);
            }
        }
    }
}
