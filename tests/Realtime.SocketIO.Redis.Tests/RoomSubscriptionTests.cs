using System.Globalization;
using Realtime.SocketIO.Redis.Tests.Hosting;
using Realtime.Testing;

namespace Realtime.SocketIO.Redis.Tests;

public sealed class RoomSubscriptionTests
{
    [Fact]
    public async Task A_room_channel_is_subscribed_while_the_room_has_local_members_and_dropped_after()
    {
        await using var cluster = await RedisCluster.StartAsync(1);
        await using var clients = await NodeClients.ConnectAsync([("a", cluster[0].Url, [])]);
        var a = clients.SocketId("a")!;
        var rooms = Enumerable.Range(0, 1000).Select(i => $"room-{i}").ToArray();

        cluster[0].Main.To(a).SocketsJoin(rooms);
        await cluster.WaitForBackplaneAsync();
        Assert.Equal(1000, await ChannelCountAsync(cluster.Redis, "socket.io#/#room-*"));
        Assert.Equal(1, await ChannelCountAsync(cluster.Redis, $"socket.io#/#{a}#"));

        cluster[0].Main.To(a).SocketsLeave(rooms);
        await cluster.WaitForBackplaneAsync();
        Assert.Equal(0, await ChannelCountAsync(cluster.Redis, "socket.io#/#room-*"));

        cluster[0].Main.To(a).DisconnectSockets(close: true);
        await Eventually.TrueAsync(async () => await ChannelCountAsync(cluster.Redis, $"socket.io#/#{a}#") == 0,
            TimeSpan.FromSeconds(5), "the socket's own room channel is dropped when it disconnects");
    }

    /// <summary>Channels with at least one subscriber that match a glob pattern.</summary>
    private static async Task<int> ChannelCountAsync(RedisServer redis, string pattern)
    {
        var reply = await redis.CommandAsync("EVAL", "return #redis.call('PUBSUB','CHANNELS',ARGV[1])", "0", pattern);
        return int.Parse(reply.AsSpan(1), CultureInfo.InvariantCulture);
    }
}
