using Realtime.SocketIO.Adapters;
using Realtime.SocketIO.Tests.Support;
using Realtime.Testing;

namespace Realtime.SocketIO.Tests.Adapters;

/// <summary>
/// A room's broadcast reuses the room's sockets from its last broadcast while the membership is unchanged: every join,
/// leave and disconnect in between must show in the next broadcast.
/// </summary>
public sealed class RoomRecipientCacheTests
{
    [Fact]
    public async Task A_room_broadcast_follows_the_joins_leaves_and_disconnects_since_the_last_one()
    {
        await using var server = await SocketIOTestServer.StartAsync();
        var nsp = server.Server.MainNamespace;
        var (a, aId) = await RawWebSocketClient.ConnectToMainAsync(server.WebSocketUri);
        var (b, bId) = await RawWebSocketClient.ConnectToMainAsync(server.WebSocketUri);
        var (c, cId) = await RawWebSocketClient.ConnectToMainAsync(server.WebSocketUri);
        await using (b)
        await using (c)
        {
            await Eventually.TrueAsync(() => nsp.Sockets.Count == 3, TimeSpan.FromSeconds(5), "all three connected");
            nsp.Sockets[aId].Join("r");
            nsp.Sockets[bId].Join("r");

            nsp.To("r").Emit("one");
            Assert.Equal("42[\"one\"]", await a.ReceiveTextAsync());
            Assert.Equal("42[\"one\"]", await b.ReceiveTextAsync());

            nsp.Sockets[cId].Join("r");
            nsp.To("r").Emit("two");
            Assert.Equal("42[\"two\"]", await a.ReceiveTextAsync());
            Assert.Equal("42[\"two\"]", await b.ReceiveTextAsync());
            Assert.Equal("42[\"two\"]", await c.ReceiveTextAsync());

            nsp.Sockets[bId].Leave("r");
            nsp.To("r").Emit("three");
            nsp.To(bId).Emit("marker");
            Assert.Equal("42[\"three\"]", await a.ReceiveTextAsync());
            Assert.Equal("42[\"three\"]", await c.ReceiveTextAsync());
            Assert.Equal("42[\"marker\"]", await b.ReceiveTextAsync());

            await a.DisposeAsync();
            await Eventually.TrueAsync(() => nsp.Sockets.Count == 2, TimeSpan.FromSeconds(5), "a's socket is gone");
            nsp.To("r").Emit("four");
            Assert.Equal("42[\"four\"]", await c.ReceiveTextAsync());
            Assert.Equal([cId], nsp.Adapter.LocalSocketIds(new BroadcastOptions { Rooms = new HashSet<string> { "r" } }));
        }
    }
}
