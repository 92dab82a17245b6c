using Realtime.SocketIO.Tests.Support;
using Realtime.Testing;
using Xunit.Abstractions;

namespace Realtime.SocketIO.Tests.Adapters;

/// <summary>
/// A broadcast is encoded once and the same messages are handed to every recipient: once warm (pooled buffers
/// rented), what it allocates does not grow with the number of recipients.
/// </summary>
/// <remarks>
/// Each size is measured a few times and the smallest kept: the shared array pool sometimes misses its per-thread
/// cache and allocates a new 4 KiB buffer, whatever the number of recipients.
/// </remarks>
[Collection(SerialCollection.Name)]
public sealed class BroadcastAllocationTests(ITestOutputHelper output)
{
    private const int Recipients = 300;
    private const int Samples = 5;

    [Fact]
    public async Task A_room_broadcast_allocates_the_same_for_one_recipient_as_for_hundreds()
    {
        await using var server = await SocketIOTestServer.StartAsync();
        var clients = new List<RawWebSocketClient>();
        var ids = new List<string>();
        for (var i = 0; i < Recipients; i++)
        {
            var (client, id) = await RawWebSocketClient.ConnectToMainAsync(server.WebSocketUri);
            clients.Add(client);
            ids.Add(id);
        }

        var nsp = server.Server.MainNamespace;
        await Eventually.TrueAsync(() => nsp.Sockets.Count == Recipients, TimeSpan.FromSeconds(5), "all connected");
        nsp.Sockets.Values.ToList().ForEach(socket => socket.Join("big"));
        nsp.To("big").Emit("warm-up");
        nsp.To(ids[0]).Emit("warm-up");

        var one = Measure(() => nsp.To(ids[0]).Emit("news", "same payload", 42));
        var many = Measure(() => nsp.To("big").Emit("news", "same payload", 42));
        output.WriteLine($"broadcast to 1: {one} bytes allocated; to {Recipients}: {many} bytes");

        Assert.True(many < one + (Recipients * 8), $"{many} bytes for {Recipients} recipients vs {one} for one");
        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }
    }

    private static long Measure(Action broadcast) =>
        Enumerable.Range(0, Samples).Min(_ =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            broadcast();
            return GC.GetAllocatedBytesForCurrentThread() - before;
        });
}
