using Realtime.SocketIO.Tests.Support;
using Realtime.Testing;

namespace Realtime.SocketIO.Tests.Robustness;

/// <summary>
/// A lone surrogate escape (<c>"\ud800"</c>) in an event closes the connection as any invalid packet does: before,
/// the event name threw inside the payload rules, the connection stayed open and each frame logged a stack trace,
/// and an acked <c>join</c> with such a room never got its ack.
/// </summary>
public sealed class LoneSurrogateTests
{
    [Theory]
    [InlineData("42[\"\\ud800\"]")]
    [InlineData("421[\"join\",\"\\ud800\"]")]
    [InlineData("421[\"echo\",{\"room\":\"\\udfff\"}]")]
    public async Task The_connection_is_closed_and_no_handler_runs(string frame)
    {
        await using var server = await SocketIOTestServer.StartAsync();
        var (client, socketId) = await RawWebSocketClient.ConnectToMainAsync(server.WebSocketUri);
        await using var _ = client;

        await client.SendTextAsync(frame);

        Assert.True(await client.WaitForServerCloseAsync(TimeSpan.FromSeconds(8)), "the connection stayed open");
        await Eventually.TrueAsync(() => server.App.DisconnectReasons.ContainsKey(socketId), TimeSpan.FromSeconds(5),
            "the socket disconnected");
        Assert.Equal("parse error", server.App.DisconnectReasons[socketId]);
    }
}
