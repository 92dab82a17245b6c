using Realtime.SocketIO.Tests.Support;

namespace Realtime.SocketIO.Tests.Interop;

/// <summary>Namespaces with the official client: auth, middleware rejection, unknown namespace, multiplexing.</summary>
public sealed class NamespaceTests
{
    [Theory]
    [InlineData("websocket")]
    [InlineData("polling")]
    public async Task Namespaces_share_one_connection_and_reject_with_message_and_data(string transports)
    {
        await using var server = await SocketIOTestServer.StartAsync();

        var result = await SocketIOClientScript.RunAsync("sio-namespaces.js", server, transports);

        Assert.True(result.GetProperty("sameEngine").GetBoolean());
        Assert.Equal("""{"token":"secret","user":"ann"}""", result.GetProperty("welcomeAuth").GetRawText());
        Assert.True(result.GetProperty("adminIdMatches").GetBoolean());
        Assert.NotEqual(result.GetProperty("mainId").GetString(), result.GetProperty("adminId").GetString());
        var rejected = result.GetProperty("rejected");
        Assert.Equal("Not authorized", rejected.GetProperty("message").GetString());
        Assert.Equal("""{"code":401,"token":"wrong"}""", rejected.GetProperty("data").GetRawText());
        Assert.Equal("Invalid namespace", result.GetProperty("unknown").GetProperty("message").GetString());
        Assert.Equal("""["still here"]""", result.GetProperty("mainAfterAdminLeft").GetRawText());
        Assert.True(result.GetProperty("mainConnected").GetBoolean());
        Assert.Empty(server.Server.Of("/admin").Sockets);
    }
}
