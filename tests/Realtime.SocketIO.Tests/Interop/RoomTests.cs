using Realtime.SocketIO.Tests.Support;

namespace Realtime.SocketIO.Tests.Interop;

/// <summary>Rooms with the official client: to a room, to a room except another, to one socket's own room.</summary>
public sealed class RoomTests
{
    [Fact]
    public async Task Broadcasts_reach_exactly_the_room_members_less_the_excepted_ones()
    {
        await using var server = await SocketIOTestServer.StartAsync();

        var result = await SocketIOClientScript.RunAsync("sio-rooms.js", server, "websocket");

        var ids = SocketIOClientScript.Strings(result.GetProperty("ids"));
        var rooms = result.GetProperty("rooms").EnumerateArray().Select(SocketIOClientScript.Strings).ToArray();
        Assert.Equal(new[] { ids[0], "r", "vip" }.Order(StringComparer.Ordinal), rooms[0]);
        Assert.Equal(new[] { ids[3], "r" }.Order(StringComparer.Ordinal), rooms[3]);
        var received = result.GetProperty("received").EnumerateArray().Select(SocketIOClientScript.Strings).ToArray();
        Assert.Equal(["to-r", "to-client-0"], received[0]);
        Assert.Equal(["to-r"], received[1]);
        Assert.Equal(["to-r", "to-r-except-vip"], received[2]);
        Assert.Equal(["to-r-except-vip"], received[3]);
        await Realtime.Testing.Eventually.TrueAsync(() => server.Server.MainNamespace.Adapter.RoomCount == 0,
            TimeSpan.FromSeconds(5), "every room is deleted once its members left");
    }
}
