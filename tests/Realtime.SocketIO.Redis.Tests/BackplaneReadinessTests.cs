using System.Diagnostics;
using Realtime.SocketIO.Redis.Tests.Hosting;
using Realtime.Testing;
using Xunit.Abstractions;

namespace Realtime.SocketIO.Redis.Tests;

/// <summary>
/// The backplane counts as listening only when Redis has confirmed every channel the pod wants: a subscriber that is
/// connected but refused, killed or cut off is deaf, and says why.
/// </summary>
public sealed class BackplaneReadinessTests(ITestOutputHelper output)
{
    /// <summary>The deaf window allowed after an outage: the shipped reconnect backoff (5 s) plus a full pass (1 s) and slack.</summary>
    private static readonly TimeSpan DeafWindowBound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task An_acl_user_without_subscribe_is_connected_but_not_listening_and_the_reason_is_NOPERM()
    {
        await using var redis = await RedisServer.StartAsync();
        Assert.Equal("+OK", await redis.CommandAsync("ACL", "SETUSER", "deaf", "on", ">deaf-pass", "~*", "&*", "+@all",
            "-subscribe", "-psubscribe"));
        await using var server = await RedisBackedServer.StartAsync([redis.UrlFor("deaf", "deaf-pass")]);

        // The publisher's connection and the subscriber's are made independently: on a loaded machine the refusal
        // can be described before the publisher has connected.
        await Eventually.TrueAsync(() => server.Backplane.State == BackplaneState.Connected &&
                server.Backplane.Description.Contains("NOPERM", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), $"connected, and the refusal is described ({server.Backplane.State}: {server.Backplane.Description})");

        Assert.False(server.Backplane.IsListening);
        Assert.Contains("subscriber connected, 0 of ", server.Backplane.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("deaf-pass", server.Backplane.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_killed_subscriber_connection_is_noticed_and_listening_again_within_the_bound()
    {
        await using var cluster = await RedisCluster.StartAsync(2, ShippedBackoff);
        await using var clients = await NodeClients.ConnectAsync([("a", cluster[0].Url, ["lobby"]), ("b", cluster[1].Url, ["lobby"])]);
        await cluster.WaitForBackplaneAsync();
        var before = await PubSubClientIdsAsync(cluster.Redis);

        var clock = Stopwatch.StartNew();
        Assert.StartsWith(":", await cluster.Redis.CommandAsync("CLIENT", "KILL", "TYPE", "pubsub"), StringComparison.Ordinal);
        await Eventually.TrueAsync(async () =>
        {
            var now = await PubSubClientIdsAsync(cluster.Redis);
            return now.Count == before.Count && !now.Overlaps(before);
        }, DeafWindowBound, "both subscribers reconnected on new connections");
        await Eventually.TrueAsync(() => cluster.Servers.All(s => s.Backplane.IsListening), DeafWindowBound,
            "both servers listen again");
        output.WriteLine($"deaf after CLIENT KILL TYPE pubsub for at most {clock.ElapsedMilliseconds} ms");

        cluster[0].Main.To("lobby").Emit("after-kill");
        await clients.WaitForAsync("b", "after-kill");
    }

    [Fact]
    public async Task A_redis_outage_is_a_deaf_window_that_ends_within_the_bound_after_redis_returns()
    {
        await using var cluster = await RedisCluster.StartAsync(2, ShippedBackoff);
        await using var clients = await NodeClients.ConnectAsync([("a", cluster[0].Url, ["lobby"]), ("b", cluster[1].Url, ["lobby"])]);
        await cluster.WaitForBackplaneAsync();

        await cluster.Redis.StopAsync();
        await Eventually.TrueAsync(() => cluster.Servers.All(s => !s.Backplane.IsListening), DeafWindowBound,
            "both servers say they are deaf");
        Assert.All(cluster.Servers, s => Assert.Contains("subscriber disconnected", s.Backplane.Description, StringComparison.Ordinal));

        await cluster.Redis.StartAgainAsync();
        var clock = Stopwatch.StartNew();
        await Eventually.TrueAsync(() => cluster.Servers.All(s => s.Backplane.IsListening), DeafWindowBound,
            "both servers listen again");
        output.WriteLine($"deaf for {clock.ElapsedMilliseconds} ms after Redis came back (bound {DeafWindowBound})");

        cluster[0].Main.To("lobby").Emit("after-outage");
        await clients.WaitForAsync("b", "after-outage");
    }

    private static void ShippedBackoff(RedisAdapterOptions options) =>
        options.MaxReconnectBackoff = new RedisAdapterOptions().MaxReconnectBackoff;

    private static async Task<HashSet<string>> PubSubClientIdsAsync(RedisServer redis)
    {
        var list = await redis.BulkCommandAsync("CLIENT", "LIST", "TYPE", "pubsub");
        return list.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ')[0])
            .ToHashSet(StringComparer.Ordinal);
    }
}
