using Realtime.SocketIO.Redis.Tests.Hosting;
using Realtime.Testing;

namespace Realtime.SocketIO.Redis.Tests;

public sealed class BroadcastAcrossServersTests
{
    [Fact]
    public async Task A_room_broadcast_reaches_members_on_every_server_and_nobody_else()
    {
        await using var cluster = await RedisCluster.StartAsync(3);
        await using var clients = await NodeClients.ConnectAsync([
            ("a", cluster[0].Url, ["lobby"]),
            ("b", cluster[1].Url, ["lobby"]),
            ("c", cluster[2].Url, []),
            ("d", cluster[1].Url, ["other"]),
        ]);
        await cluster.WaitForBackplaneAsync();

        cluster[0].Main.To("lobby").Emit("news", "hi", 7);
        await clients.WaitForAsync("a", "news");
        await clients.WaitForAsync("b", "news");
        // A later broadcast to everyone is a fence: once c and d have it, the room broadcast has been handled.
        cluster[2].Main.Emit("everyone");
        await Task.WhenAll(clients.WaitForAsync("c", "everyone"), clients.WaitForAsync("d", "everyone"),
            clients.WaitForAsync("a", "everyone"), clients.WaitForAsync("b", "everyone"));

        Assert.Equal("""["hi",7]""", clients.Received("b", "news").Single().GetRawText());
        Assert.Empty(clients.Received("c", "news"));
        Assert.Empty(clients.Received("d", "news"));
        Assert.Single(clients.Received("a", "news"));
    }

    [Theory]
    [InlineData(SubscriptionMode.PerRoom)]
    [InlineData(SubscriptionMode.Pattern)]
    public async Task Room_and_namespace_broadcasts_from_one_server_arrive_in_the_order_they_were_sent(SubscriptionMode mode)
    {
        const int count = 400;
        await using var cluster = await RedisCluster.StartAsync(2, options => options.SubscriptionMode = mode);
        await using var clients = await NodeClients.ConnectAsync([("a", cluster[1].Url, ["r"])]);
        await cluster.WaitForBackplaneAsync();

        // Alternating channels: the room's own channel and the namespace channel, published in this order.
        for (var i = 0; i < count; i++)
        {
            if (i % 2 == 0)
            {
                cluster[0].Main.To("r").Emit("seq", i);
            }
            else
            {
                cluster[0].Main.Emit("seq", i);
            }
        }

        await clients.WaitForAsync("a", "seq", count);
        Assert.Equal(Enumerable.Range(0, count), clients.Received("a", "seq").Select(args => args[0].GetInt32()));
    }

    [Fact]
    public async Task Binary_arguments_and_except_survive_the_trip()
    {
        await using var cluster = await RedisCluster.StartAsync(2);
        await using var clients = await NodeClients.ConnectAsync([
            ("a", cluster[0].Url, ["room", "muted"]),
            ("b", cluster[1].Url, ["room"]),
            ("c", cluster[1].Url, ["room", "muted"]),
        ]);
        await cluster.WaitForBackplaneAsync();

        cluster[0].Main.To("room").Except("muted").Emit("file", new byte[] { 0xde, 0xad }, "name");
        await clients.WaitForAsync("b", "file");
        cluster[0].Main.To("room").Emit("fence");
        await Task.WhenAll(clients.WaitForAsync("a", "fence"), clients.WaitForAsync("c", "fence"));

        Assert.Equal("""[{"hex":"dead"},"name"]""", clients.Received("b", "file").Single().GetRawText());
        Assert.Empty(clients.Received("a", "file"));
        Assert.Empty(clients.Received("c", "file"));
    }

    [Fact]
    public async Task A_server_without_members_of_a_room_receives_none_of_its_broadcasts()
    {
        await using var cluster = await RedisCluster.StartAsync(3);
        await using var clients = await NodeClients.ConnectAsync([
            ("a", cluster[0].Url, ["busy"]),
            ("b", cluster[1].Url, ["busy"]),
        ]);
        await cluster.WaitForBackplaneAsync();
        var idleBefore = cluster[2].Backplane.Counters.Received;

        for (var i = 0; i < 20; i++)
        {
            cluster[0].Main.To("busy").Emit("tick", i);
        }

        await clients.WaitForAsync("b", "tick", 20);
        Assert.Equal(idleBefore, cluster[2].Backplane.Counters.Received);
    }

    [Fact]
    public async Task In_pattern_mode_every_server_receives_every_broadcast()
    {
        await using var cluster = await RedisCluster.StartAsync(3, options => options.SubscriptionMode = SubscriptionMode.Pattern);
        await using var clients = await NodeClients.ConnectAsync([
            ("a", cluster[0].Url, ["busy"]),
            ("b", cluster[1].Url, ["busy"]),
        ]);
        await cluster.WaitForBackplaneAsync();
        var idleBefore = cluster[2].Backplane.Counters.Received;

        for (var i = 0; i < 20; i++)
        {
            cluster[0].Main.To("busy").Emit("tick", i);
        }

        await clients.WaitForAsync("b", "tick", 20);
        await Realtime.Testing.Eventually.TrueAsync(() => cluster[2].Backplane.Counters.Received >= idleBefore + 20,
            TimeSpan.FromSeconds(5), "the idle server received the 20 broadcasts through the pattern");
    }

    [Fact]
    public async Task Local_broadcasts_stay_on_their_server()
    {
        await using var cluster = await RedisCluster.StartAsync(2);
        await using var clients = await NodeClients.ConnectAsync([("a", cluster[0].Url, []), ("b", cluster[1].Url, [])]);
        await cluster.WaitForBackplaneAsync();

        cluster[0].Main.Local.Emit("mine");
        cluster[0].Main.Emit("fence");
        await Task.WhenAll(clients.WaitForAsync("a", "mine"), clients.WaitForAsync("b", "fence"));

        Assert.Empty(clients.Received("b", "mine"));
    }
}
