using Realtime.SocketIO.Tests.Support;

namespace Realtime.SocketIO.Tests.Interop;

/// <summary>Server-side disconnects as the official client sees them.</summary>
public sealed class ReconnectTests
{
    [Theory]
    [InlineData("websocket")]
    [InlineData("polling")]
    public async Task Client_reconnects_after_the_server_closes_its_connection(string transports)
    {
        await using var server = await SocketIOTestServer.StartAsync();

        var result = await SocketIOClientScript.RunAsync("sio-reconnect.js", server, transports);

        Assert.Equal("transport close", result.GetProperty("kickReason").GetString());
        Assert.NotEqual(result.GetProperty("firstId").GetString(), result.GetProperty("secondId").GetString());
        Assert.Equal("""["back"]""", result.GetProperty("echoAfterReconnect").GetRawText());
        Assert.Equal("io server disconnect", result.GetProperty("leaveReason").GetString());
        Assert.Equal("""["again"]""", result.GetProperty("echoAfterManualReconnect").GetRawText());
        var firstId = result.GetProperty("firstId").GetString()!;
        var secondId = result.GetProperty("secondId").GetString()!;
        Assert.Equal("server namespace disconnect", server.App.DisconnectReasons[firstId]);
        Assert.Equal("server namespace disconnect", server.App.DisconnectReasons[secondId]);
    }
}
