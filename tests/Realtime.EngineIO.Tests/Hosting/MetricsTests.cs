using Realtime.EngineIO.Tests.Support;
using Realtime.EngineIO.Tests.WebSockets;

namespace Realtime.EngineIO.Tests.Hosting;

public class MetricsTests
{
    [Fact]
    public async Task Connections_packets_bytes_and_disconnect_reasons_are_counted()
    {
        await using var server = await EngineTestServer.StartAsync();
        using var metrics = new MetricRecorder(server);
        var (socket, sid) = await WebSocketText.ConnectAsync(server.WebSocketUri("EIO=4&transport=websocket"));
        using (socket)
        {
            await WebSocketText.SendAsync(socket, "4abc");
            Assert.Equal("4abc", await WebSocketText.ReceiveAsync(socket));
            Assert.Equal(1, metrics.Total("realtime.engineio.connections"));

            await socket.CloseAsync(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            await server.Handler.ClosedAsync(sid);
        }

        await Eventually.TrueAsync(() => metrics.Total("realtime.engineio.connections") == 0, TimeSpan.FromSeconds(5),
            "the connection gauge goes back to zero");
        Assert.Equal(1, metrics.Total("realtime.engineio.packets.in"));
        Assert.Equal(4, metrics.Total("realtime.engineio.bytes.in"));
        Assert.Equal(1, metrics.Total("realtime.engineio.packets.out"));
        Assert.Equal(4, metrics.Total("realtime.engineio.bytes.out"));
        Assert.Equal(1, metrics.Total("realtime.engineio.disconnects", "reason", EngineCloseReasons.TransportClose));
    }
}
