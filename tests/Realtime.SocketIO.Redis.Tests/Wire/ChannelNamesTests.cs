using Realtime.SocketIO.Redis.Sharding;
using Realtime.SocketIO.Redis.Wire;

namespace Realtime.SocketIO.Redis.Tests.Wire;

public sealed class ChannelNamesTests
{
    [Fact]
    public void Names_channels_as_the_node_adapter()
    {
        var names = new ChannelNames("socket.io", "/chat", "uid1");

        Assert.Equal("socket.io#/chat#", names.Broadcast);
        Assert.Equal("socket.io#/chat#*", names.BroadcastPattern);
        Assert.Equal("socket.io#/chat#lobby#", names.Room("lobby"));
        Assert.Equal("socket.io-request#/chat#", names.Request);
        Assert.Equal("socket.io-response#/chat#", names.Response);
        Assert.Equal("socket.io-response#/chat#uid1#", names.OwnResponse);
    }

    [Theory]
    [InlineData("socket.io#/#", "")]
    [InlineData("socket.io#/#lobby#", "lobby")]
    [InlineData("socket.io#/#a#b#", "a#b")]
    [InlineData("socket.io#/admin#lobby#", null)]
    [InlineData("other#/#lobby#", null)]
    public void Finds_the_room_a_channel_names(string channel, string? room)
    {
        Assert.Equal(room, new ChannelNames("socket.io", "/", "u").RoomOf(channel));
    }

    [Fact]
    public void Spreads_rooms_over_shards_stably_and_keeps_one_shard_for_one_url()
    {
        var three = new ShardSelector(3);
        var rooms = Enumerable.Range(0, 3000).Select(i => $"socket.io#/#room-{i}#").ToList();

        var shards = rooms.Select(three.ShardOfRoomChannel).ToList();

        Assert.Equal(shards, rooms.Select(new ShardSelector(3).ShardOfRoomChannel));
        Assert.All(shards.GroupBy(s => s), group => Assert.InRange(group.Count(), 800, 1200));
        Assert.All(rooms, room => Assert.Equal(0, new ShardSelector(1).ShardOfRoomChannel(room)));
    }
}
