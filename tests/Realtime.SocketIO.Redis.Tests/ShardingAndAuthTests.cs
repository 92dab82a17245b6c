using System.Globalization;
using Realtime.SocketIO.Redis.Sharding;
using Realtime.SocketIO.Redis.Tests.Hosting;
using Realtime.Testing;

namespace Realtime.SocketIO.Redis.Tests;

public sealed class ShardingAndAuthTests
{
    [Fact]
    public async Task Rooms_spread_over_two_redis_shards_and_broadcasts_still_cross()
    {
        await using var shard0 = await RedisServer.StartAsync();
        await using var shard1 = await RedisServer.StartAsync();
        string[] configurations = [shard0.Configuration, shard1.Configuration];
        await using var first = await RedisBackedServer.StartAsync(configurations);
        await using var second = await RedisBackedServer.StartAsync(configurations);
        var rooms = Enumerable.Range(0, 8).Select(i => $"room-{i}").ToArray();
        await using var clients = await NodeClients.ConnectAsync([("a", first.Url, rooms), ("b", second.Url, rooms)]);
        await Task.WhenAll(first.WaitForBackplaneAsync(), second.WaitForBackplaneAsync());

        foreach (var room in rooms)
        {
            first.Main.To(room).Emit("ping", room);
        }

        first.Main.To(rooms[0]).To(rooms[1]).Emit("multi");
        await clients.WaitForAsync("b", "ping", rooms.Length);
        await clients.WaitForAsync("b", "multi");
        var selector = new ShardSelector(2);
        var onShard1 = rooms.Count(room => selector.ShardOfRoomChannel($"socket.io#/#{room}#") == 1);
        Assert.InRange(onShard1, 1, rooms.Length - 1);
        foreach (var room in rooms)
        {
            var home = selector.ShardOfRoomChannel($"socket.io#/#{room}#") == 0 ? shard0 : shard1;
            Assert.Equal(2, await SubscribersAsync(home, $"socket.io#/#{room}#"));
        }

        Assert.Equal(2, await SubscribersAsync(shard0, "socket.io-request#/#"));
        Assert.Equal(0, await SubscribersAsync(shard1, "socket.io-request#/#"));
    }

    [Fact]
    public async Task A_password_protected_redis_is_reached_through_a_redis_url()
    {
        await using var redis = await RedisServer.StartAsync(password: "s3cret-pass");
        await using var first = await RedisBackedServer.StartAsync([redis.Url]);
        await using var second = await RedisBackedServer.StartAsync([redis.Url]);
        await using var clients = await NodeClients.ConnectAsync([("a", first.Url, ["r"]), ("b", second.Url, ["r"])]);
        await Task.WhenAll(first.WaitForBackplaneAsync(), second.WaitForBackplaneAsync());

        first.Main.To("r").Emit("secret");

        await clients.WaitForAsync("b", "secret");
    }

    private static async Task<int> SubscribersAsync(RedisServer redis, string channel)
    {
        var reply = await redis.CommandAsync("EVAL", "return redis.call('PUBSUB','NUMSUB',ARGV[1])[2]", "0", channel);
        return int.Parse(reply.AsSpan(1), CultureInfo.InvariantCulture);
    }
}
