using Realtime.SocketIO.Redis.Tests.Hosting;
using Realtime.Testing;
using Xunit.Abstractions;

namespace Realtime.SocketIO.Redis.Tests;

/// <summary>
/// Three servers on one Sentinel-managed shard (a master, two replicas, three sentinels; down-after 500 ms,
/// failover-timeout 2 s) under cross-pod room traffic on every pod pair, while the master is killed, frozen, or
/// Sentinel loses its quorum. Counted from what the clients received: when each pair resumed, what was lost (by
/// publish time relative to the kill), duplicates, and whether any pod was left deaf or on a replica.
/// </summary>
public sealed class SentinelFailoverTests(ITestOutputHelper output)
{
    /// <summary>down-after (0.5 s) + election and promotion (about 1-2 s on loopback) + the switch, with slack.</summary>
    private static readonly TimeSpan FailoverBound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Master_killed_every_pod_pair_delivers_again_without_duplicates_and_no_pod_stays_deaf()
    {
        await using var group = await RedisSentinelGroup.StartAsync();
        // The shipped reconnect backoff: following the switch must not wait for it.
        await using var cluster = await StartServersAsync(group, options => options.MaxReconnectBackoff = TimeSpan.FromSeconds(5));
        await using var clients = await NodeClients.ConnectAsync(CrossPodTraffic.Clients(cluster));
        await WaitListeningAsync(cluster);
        await using var traffic = CrossPodTraffic.Start(cluster, clients);
        await Eventually.TrueAsync(() => traffic.EveryPairDeliveredSince(CrossPodTraffic.Now - 1000), FailoverBound,
            "traffic flows on every pod pair before the kill");

        var master = group.Nodes[0];
        var killedAt = CrossPodTraffic.Now;
        await master.StopAsync();
        var promoted = await group.WaitForFailoverAsync(master, FailoverBound);
        await WaitListeningAsync(cluster, promoted);
        var settledAt = CrossPodTraffic.Now;
        await Eventually.TrueAsync(() => traffic.EveryPairDeliveredSince(settledAt), FailoverBound,
            "every pod pair delivers after the failover");
        var report = await traffic.StopAsync(killedAt, settledAt);
        output.WriteLine($"kill -9 of the master: {report}");

        Assert.Equal(0, report.Duplicates);
        Assert.Equal(0, report.LostAfterSettled);
        Assert.Equal(report.Pairs, report.ResumedMs.Count);
        Assert.All(cluster, server => Assert.Contains($"127.0.0.1:{promoted.Port}", server.Backplane.Description, StringComparison.Ordinal));
        await AssertNoSubscriberOffTheMasterAsync(group, promoted);
    }

    [Fact]
    public async Task Master_frozen_by_sigstop_pods_follow_the_switch_without_duplicates_and_leave_it()
    {
        await using var group = await RedisSentinelGroup.StartAsync();
        await using var cluster = await StartServersAsync(group);
        await using var clients = await NodeClients.ConnectAsync(CrossPodTraffic.Clients(cluster));
        await WaitListeningAsync(cluster);
        await using var traffic = CrossPodTraffic.Start(cluster, clients);
        await Eventually.TrueAsync(() => traffic.EveryPairDeliveredSince(CrossPodTraffic.Now - 1000), FailoverBound,
            "traffic flows on every pod pair before the cut");

        var master = group.Nodes[0];
        var frozenAt = CrossPodTraffic.Now;
        await master.PauseAsync();
        var promoted = await group.WaitForFailoverAsync(master, FailoverBound);
        await WaitListeningAsync(cluster, promoted);
        var settledAt = CrossPodTraffic.Now;
        await Eventually.TrueAsync(() => traffic.EveryPairDeliveredSince(settledAt), FailoverBound,
            "every pod pair delivers after the failover");
        var report = await traffic.StopAsync(frozenAt, settledAt);
        output.WriteLine($"SIGSTOP of the master: {report}");

        Assert.Equal(0, report.Duplicates);
        Assert.Equal(0, report.LostAfterSettled);
        Assert.Equal(report.Pairs, report.ResumedMs.Count);

        // Back from the cut the old master still calls itself master until Sentinel's next look at it (its INFO period
        // is 10 s); no pod may be subscribed to it meanwhile.
        await master.ResumeAsync();
        await AssertNoSubscriberOffTheMasterAsync(group, promoted);
    }

    [Fact]
    public async Task Quorum_lost_is_a_clear_readiness_failure_and_the_pods_recover_when_the_sentinels_return()
    {
        await using var group = await RedisSentinelGroup.StartAsync();
        await using var cluster = await StartServersAsync(group);
        await using var clients = await NodeClients.ConnectAsync(CrossPodTraffic.Clients(cluster));
        await WaitListeningAsync(cluster);

        await group.Sentinels[0].StopAsync();
        await group.Sentinels[1].StopAsync();
        await group.Nodes[0].StopAsync();
        await Eventually.TrueAsync(
            () => cluster.All(server => !server.Backplane.IsListening
                                        && server.Backplane.Description.Contains("sentinel quorum unreachable", StringComparison.Ordinal)),
            FailoverBound, $"every pod says the quorum is lost ({cluster[0].Backplane.Description})");
        output.WriteLine($"quorum lost: {cluster[0].Backplane.Description}");
        Assert.All(cluster, server => Assert.DoesNotContain(group.Password, server.Backplane.Description, StringComparison.Ordinal));

        await group.Sentinels[0].StartAgainAsync();
        await group.Sentinels[1].StartAgainAsync();
        var promoted = await group.WaitForFailoverAsync(group.Nodes[0], TimeSpan.FromSeconds(15));
        await WaitListeningAsync(cluster, promoted);
        cluster[0].Main.To("p1").Emit("after", 1);
        cluster[2].Main.To("p0").Emit("after", 2);

        await clients.WaitForAsync("c1", "after");
        await clients.WaitForAsync("c0", "after");
        await AssertNoSubscriberOffTheMasterAsync(group, promoted);
    }

    [Fact]
    public async Task A_replica_promoted_while_a_pod_reconnects_leaves_no_pod_on_the_demoted_master()
    {
        await using var group = await RedisSentinelGroup.StartAsync();
        await using var cluster = await StartServersAsync(group);
        await using var clients = await NodeClients.ConnectAsync(CrossPodTraffic.Clients(cluster));
        await WaitListeningAsync(cluster);
        var master = group.Nodes[0];

        // Pod 0's subscriber is cut off and reconnecting while Sentinel moves the master; the old one stays up.
        await master.CommandAsync("CLIENT", "KILL", "TYPE", "pubsub");
        await group.Sentinels[0].CommandAsync("SENTINEL", "FAILOVER", RedisSentinelGroup.MasterName);
        var promoted = await group.WaitForFailoverAsync(master, FailoverBound);
        await WaitListeningAsync(cluster, promoted);

        await AssertNoSubscriberOffTheMasterAsync(group, promoted);
        cluster[1].Main.To("p0").Emit("after", 1);
        cluster[0].Main.To("p2").Emit("after", 2);
        await clients.WaitForAsync("c0", "after");
        await clients.WaitForAsync("c2", "after");
    }

    [Fact]
    public async Task A_wrong_master_name_is_one_clear_error_and_not_ready()
    {
        await using var group = await RedisSentinelGroup.StartAsync();
        var logs = new CapturedLogs();
        await using var server = await RedisBackedServer.StartAsync([group.Url("no-such-master")], logs: logs);

        await Eventually.TrueAsync(
            () => server.Backplane.Description.Contains("does not monitor a master named 'no-such-master'", StringComparison.Ordinal),
            FailoverBound, $"readiness names the wrong master name ({server.Backplane.Description})");
        Assert.False(server.Backplane.IsListening);
        // The subscriber retries (a warning each time, with backoff); the error itself is said once.
        await Eventually.TrueAsync(
            () => logs.Lines.Count(line => line.StartsWith("Warning", StringComparison.Ordinal)
                                           && line.Contains("no-such-master", StringComparison.Ordinal)) >= 3
                  && logs.Lines.Any(line => line.StartsWith("Error", StringComparison.Ordinal)),
            FailoverBound, "three retries were made and the error was logged");
        var errors = logs.Lines.Where(line => line.Contains("no-such-master", StringComparison.Ordinal)
                                              && line.StartsWith("Error", StringComparison.Ordinal)).ToList();
        Assert.Single(errors);
        Assert.DoesNotContain(logs.Lines, line => line.Contains(group.Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_master_publishes_are_held_up_to_the_byte_bound_and_what_is_past_it_is_counted()
    {
        await using var group = await RedisSentinelGroup.StartAsync();
        await using var server = await RedisBackedServer.StartAsync([group.Url("no-such-master")],
            options => options.FailoverBufferBytes = 10_000);
        await using var clients = await NodeClients.ConnectAsync([("a", server.Url, ["lobby"])]);
        await Eventually.TrueAsync(() => server.Backplane.Description.Contains("no-such-master", StringComparison.Ordinal),
            FailoverBound, "the shard has no master");

        for (var i = 0; i < 5; i++)
        {
            server.Main.To("lobby").Emit("big", new string('x', 3_000));
        }

        // Local delivery is not held back; 3 of the 5 PUBLISHes fit in 10,000 bytes, 2 are dropped and counted.
        await clients.WaitForAsync("a", "big", 5);
        await Eventually.TrueAsync(() => server.Backplane.Counters.Dropped == 2, FailoverBound,
            $"two messages past the bound were dropped (dropped: {server.Backplane.Counters.Dropped})");
    }

    private static async Task<ServerGroup> StartServersAsync(RedisSentinelGroup group, Action<RedisAdapterOptions>? configure = null)
    {
        var servers = new ServerGroup();
        for (var i = 0; i < 3; i++)
        {
            servers.Add(await RedisBackedServer.StartAsync([group.Url()], configure));
        }

        return servers;
    }

    /// <summary>Every pod listens (on <paramref name="master"/> when given: a frozen master keeps its connections open).</summary>
    private static Task WaitListeningAsync(IReadOnlyList<RedisBackedServer> servers, RedisServer? master = null) =>
        Eventually.TrueAsync(() => servers.All(server => server.Backplane.IsListening
                                                         && (master is null || server.Backplane.Description.Contains(
                                                             $"at 127.0.0.1:{master.Port}", StringComparison.Ordinal))),
            FailoverBound, $"every pod listens ({string.Join(" | ", servers.Select(s => s.Backplane.Description))})");

    /// <summary>No node but the master has a subscriber connection of ours (CLIENT SETNAME realtime-server-subscriber).</summary>
    private static Task AssertNoSubscriberOffTheMasterAsync(RedisSentinelGroup group, RedisServer master) =>
        Eventually.TrueAsync(async () =>
        {
            foreach (var node in group.Nodes.Where(node => node != master && node.IsRunning))
            {
                if ((await node.BulkCommandAsync("CLIENT", "LIST")).Contains("name=realtime-server-subscriber", StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return (await master.BulkCommandAsync("CLIENT", "LIST")).Contains("name=realtime-server-subscriber", StringComparison.Ordinal);
        }, FailoverBound, "subscribers only on the current master");

    private sealed class ServerGroup : List<RedisBackedServer>, IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            foreach (var server in this)
            {
                await server.DisposeAsync();
            }
        }
    }
}
