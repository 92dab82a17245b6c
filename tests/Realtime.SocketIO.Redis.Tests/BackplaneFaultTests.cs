using Realtime.SocketIO.Redis.Tests.Hosting;
using Realtime.Testing;

namespace Realtime.SocketIO.Redis.Tests;

public sealed class BackplaneFaultTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(8);

    [Fact]
    public async Task After_redis_restarts_every_subscription_is_back_and_delivery_resumes()
    {
        await using var cluster = await RedisCluster.StartAsync(2);
        await using var clients = await NodeClients.ConnectAsync([
            ("a", cluster[0].Url, ["lobby"]),
            ("b", cluster[1].Url, ["lobby"]),
        ]);
        await cluster.WaitForBackplaneAsync();

        await cluster.Redis.StopAsync();
        await Eventually.TrueAsync(() => cluster.Servers.All(s => s.Backplane.State == BackplaneState.Disconnected), Wait,
            "both servers noticed Redis is gone");
        var droppedBefore = cluster[0].Backplane.Counters.Dropped;
        cluster[0].Main.To("lobby").Emit("during", 1);
        await clients.WaitForAsync("a", "during");
        Assert.True(cluster[0].Backplane.Counters.Dropped > droppedBefore);

        await cluster.Redis.StartAgainAsync();
        await cluster.WaitForBackplaneAsync();
        cluster[0].Main.To("lobby").Emit("after", 2);
        cluster[1].Main.Emit("everyone", 3);

        await clients.WaitForAsync("b", "after");
        await clients.WaitForAsync("a", "everyone");
        Assert.Empty(clients.Received("b", "during"));
    }

    [Fact]
    public async Task A_server_started_while_redis_is_down_serves_locally_and_joins_the_cluster_when_redis_comes()
    {
        var redis = await RedisServer.StartAsync();
        await redis.StopAsync();
        await using var first = await RedisBackedServer.StartAsync([redis.Configuration]);
        await using var second = await RedisBackedServer.StartAsync([redis.Configuration]);
        await using var clients = await NodeClients.ConnectAsync([("a", first.Url, ["lobby"]), ("b", second.Url, ["lobby"])]);

        Assert.Equal(BackplaneState.Disconnected, first.Backplane.State);
        first.Main.To("lobby").Emit("local-only");
        await clients.WaitForAsync("a", "local-only");

        await redis.StartAgainAsync();
        await Task.WhenAll(first.WaitForBackplaneAsync(), second.WaitForBackplaneAsync());
        first.Main.To("lobby").Emit("shared");

        await clients.WaitForAsync("b", "shared");
        Assert.Empty(clients.Received("b", "local-only"));
        await redis.DisposeAsync();
    }

    [Fact]
    public async Task Undecodable_messages_are_counted_and_the_subscriber_keeps_working()
    {
        await using var cluster = await RedisCluster.StartAsync(2);
        await using var clients = await NodeClients.ConnectAsync([("a", cluster[0].Url, ["lobby"]), ("b", cluster[1].Url, ["lobby"])]);
        await cluster.WaitForBackplaneAsync();

        await cluster.Redis.CommandAsync("PUBLISH", "socket.io#/#", "\u0093garbage");
        await cluster.Redis.CommandAsync("PUBLISH", "socket.io#/#lobby#", "\u00c1");
        await cluster.Redis.CommandAsync("PUBLISH", "socket.io-request#/#", "{not json");
        await cluster.Redis.CommandAsync("PUBLISH", "socket.io-response#/#", "[1,2]");
        await Eventually.TrueAsync(() => cluster[1].Backplane.Counters.Undecodable >= 3, Wait,
            "the garbage was counted as undecodable");
        cluster[0].Main.To("lobby").Emit("still-working");

        await clients.WaitForAsync("b", "still-working");
    }
}
