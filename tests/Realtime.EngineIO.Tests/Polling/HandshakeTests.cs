using System.Net;
using Realtime.EngineIO.Tests.Support;

namespace Realtime.EngineIO.Tests.Polling;

public class HandshakeTests
{
    [Fact]
    public async Task Polling_handshake_answers_the_open_packet_as_text_plain()
    {
        await using var server = await EngineTestServer.StartAsync();

        using var response = await server.Http.GetAsync("/socket.io/?EIO=4&transport=polling");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; charset=UTF-8", response.Content.Headers.ContentType?.ToString());
        Assert.Matches(
            "^0\\{\"sid\":\"[A-Za-z0-9_-]{20}\",\"upgrades\":\\[\"websocket\"\\],\"pingInterval\":25000,\"pingTimeout\":20000,\"maxPayload\":1000000\\}$",
            body);
        Assert.Equal(1, server.Engine.ConnectionCount);
    }

    [Fact]
    public async Task Handshake_advertises_the_configured_values_and_no_upgrade_when_upgrades_are_off()
    {
        await using var server = await EngineTestServer.StartAsync(o =>
        {
            o.PingInterval = TimeSpan.FromSeconds(3);
            o.PingTimeout = TimeSpan.FromSeconds(2);
            o.MaxHttpBufferSize = 1234;
            o.AllowUpgrades = false;
        });

        var client = await PollingClient.ConnectAsync(server.Http);

        Assert.Equal(0, client.Open.GetProperty("upgrades").GetArrayLength());
        Assert.Equal(3000, client.Open.GetProperty("pingInterval").GetInt32());
        Assert.Equal(2000, client.Open.GetProperty("pingTimeout").GetInt32());
        Assert.Equal(1234, client.Open.GetProperty("maxPayload").GetInt32());
    }

    [Fact]
    public async Task Handler_sees_the_open_with_the_handshake_request()
    {
        await using var server = await EngineTestServer.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/socket.io/?EIO=4&transport=polling&token=abc");
        request.Headers.Add("X-Custom", "yes");

        using var response = await server.Http.SendAsync(request);
        var sid = System.Text.Json.JsonDocument.Parse((await response.Content.ReadAsStringAsync())[1..])
            .RootElement.GetProperty("sid").GetString()!;
        var connection = await server.Handler.OpenedAsync(sid);

        Assert.Equal(EngineTransportNames.Polling, connection.Transport);
        Assert.Equal("abc", connection.Handshake.Query["token"]);
        Assert.Equal("yes", connection.Handshake.Headers["x-custom"]);
        Assert.Equal("yes", connection.Handshake.Headers["X-Custom"]);
        Assert.All(connection.Handshake.Headers.Keys, name => Assert.Equal(name.ToLowerInvariant(), name));
        Assert.Contains("host", connection.Handshake.Headers.Keys);
        Assert.False(connection.Handshake.Query.ContainsKey("TOKEN"));
        Assert.Throws<KeyNotFoundException>(() => connection.Handshake.Query["missing"]);
        Assert.Equal(IPAddress.Loopback, connection.Handshake.RemoteAddress);
        Assert.StartsWith("/socket.io/?EIO=4", connection.Handshake.Url, StringComparison.Ordinal);
        Assert.False(connection.Handshake.Secure);
    }

    [Fact]
    public async Task Io_cookie_is_set_only_when_configured()
    {
        await using var plain = await EngineTestServer.StartAsync();
        await using var withCookie = await EngineTestServer.StartAsync(o => o.CookieName = "io");

        using var none = await plain.Http.GetAsync("/socket.io/?EIO=4&transport=polling");
        using var some = await withCookie.Http.GetAsync("/socket.io/?EIO=4&transport=polling");
        var sid = System.Text.Json.JsonDocument.Parse((await some.Content.ReadAsStringAsync())[1..])
            .RootElement.GetProperty("sid").GetString();

        Assert.False(none.Headers.Contains("Set-Cookie"));
        Assert.Equal($"io={sid}; path=/; samesite=lax; httponly", Assert.Single(some.Headers.GetValues("Set-Cookie")));
    }

    [Fact]
    public async Task Draining_server_refuses_new_handshakes_with_503_but_serves_existing_sessions()
    {
        await using var server = await EngineTestServer.StartAsync();
        var existing = await PollingClient.ConnectAsync(server.Http);
        server.Engine.AcceptingHandshakes = false;

        using var refused = await server.Http.GetAsync("/socket.io/?EIO=4&transport=polling");
        await existing.PostAsync("4still here");

        await ErrorAssert.IsAsync(refused, HttpStatusCode.ServiceUnavailable, 4, "Server is draining");
        Assert.Equal("1", refused.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("4still here", await existing.GetAsync());
    }
}
