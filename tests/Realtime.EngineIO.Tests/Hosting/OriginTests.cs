using System.Net;
using System.Net.WebSockets;
using Realtime.EngineIO.Tests.Support;
using Realtime.EngineIO.Tests.WebSockets;

namespace Realtime.EngineIO.Tests.Hosting;

/// <summary>
/// A page of another origin cannot open a session on either transport (cross-site WebSocket hijacking, polling
/// sessions from any page): only the server's own origin and the configured ones; clients without Origin pass.
/// </summary>
public class OriginTests
{
    private const string Configured = "https://app.example.com";

    public static TheoryData<string?, bool> Origins => new()
    {
        { null, true },
        { "same", true },
        { Configured, true },
        { "HTTPS://APP.EXAMPLE.COM", true },
        { "https://evil.example.com", false },
        { "null", false },
        { "http://127.0.0.1", false },
        { "https://app.example.com.evil.example", false },
        { "not an origin", false },
    };

    [Theory]
    [MemberData(nameof(Origins))]
    public async Task Polling_handshake(string? origin, bool allowed)
    {
        await using var server = await EngineTestServer.StartAsync(o => o.CorsOrigins = [Configured]);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/socket.io/?EIO=4&transport=polling");
        if (origin is not null)
        {
            request.Headers.TryAddWithoutValidation("Origin", Resolve(server, origin));
        }

        using var response = await server.Http.SendAsync(request);

        if (allowed)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(1, server.Engine.ConnectionCount);
        }
        else
        {
            await ErrorAssert.IsAsync(response, HttpStatusCode.Forbidden, 4, "Origin not allowed");
            Assert.Equal(0, server.Engine.ConnectionCount);
        }
    }

    [Theory]
    [MemberData(nameof(Origins))]
    public async Task WebSocket_handshake(string? origin, bool allowed)
    {
        await using var server = await EngineTestServer.StartAsync(o => o.CorsOrigins = [Configured]);
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", Resolve(server, origin));
        }

        var connect = socket.ConnectAsync(server.WebSocketUri("EIO=4&transport=websocket"), CancellationToken.None);

        if (allowed)
        {
            await connect;
            Assert.StartsWith("0{", await WebSocketText.ReceiveAsync(socket));
        }
        else
        {
            await Assert.ThrowsAsync<WebSocketException>(() => connect);
            Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
            Assert.Equal(0, server.Engine.ConnectionCount);
        }
    }

    [Fact]
    public async Task Without_configured_origins_only_the_servers_own_origin_may_upgrade_a_session()
    {
        await using var server = await EngineTestServer.StartAsync();
        var client = await PollingClient.ConnectAsync(server.Http);
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.SetRequestHeader("Origin", "https://evil.example.com");

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(
            server.WebSocketUri($"EIO=4&transport=websocket&sid={client.Sid}"), CancellationToken.None));

        Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
        using var sameOrigin = new ClientWebSocket();
        sameOrigin.Options.SetRequestHeader("Origin", $"http://{server.BaseUri.Authority}");
        await sameOrigin.ConnectAsync(server.WebSocketUri($"EIO=4&transport=websocket&sid={client.Sid}"),
            CancellationToken.None);
        await WebSocketText.SendAsync(sameOrigin, "2probe");
        Assert.Equal("3probe", await WebSocketText.ReceiveAsync(sameOrigin));
    }

    private static string Resolve(EngineTestServer server, string origin) =>
        origin == "same" ? $"http://{server.BaseUri.Authority}" : origin;
}
