using System.Net;
using Realtime.EngineIO.Tests.Support;

namespace Realtime.EngineIO.Tests.Hosting;

public class CorsTests
{
    private const string Handshake = "/socket.io/?EIO=4&transport=polling";

    [Fact]
    public async Task Without_configured_origins_no_cors_header_is_written()
    {
        await using var server = await EngineTestServer.StartAsync();

        using var response = await SendAsync(server, HttpMethod.Get, $"http://{server.BaseUri.Authority}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(response.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_configured_origin_is_echoed_with_credentials_never_a_wildcard()
    {
        await using var server = await EngineTestServer.StartAsync(o => o.CorsOrigins = ["https://app.example.com"]);

        using var response = await SendAsync(server, HttpMethod.Get, "https://app.example.com");

        Assert.Equal("https://app.example.com", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Equal("true", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Credentials")));
        Assert.Contains("Origin", response.Headers.Vary);
    }

    [Fact]
    public async Task Credentials_header_follows_the_option()
    {
        await using var server = await EngineTestServer.StartAsync(o =>
        {
            o.CorsOrigins = ["https://app.example.com"];
            o.CorsCredentials = false;
        });

        using var response = await SendAsync(server, HttpMethod.Get, "https://app.example.com");

        Assert.True(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task Another_origin_gets_no_allow_origin()
    {
        await using var server = await EngineTestServer.StartAsync(o => o.CorsOrigins = ["https://app.example.com"]);

        using var response = await SendAsync(server, HttpMethod.Get, "https://evil.example.com");

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Fact]
    public async Task Preflight_is_answered_with_204_and_the_allowed_methods_and_headers()
    {
        await using var server = await EngineTestServer.StartAsync(o => o.CorsOrigins = ["https://app.example.com"]);
        using var request = new HttpRequestMessage(HttpMethod.Options, Handshake);
        request.Headers.Add("Origin", "https://app.example.com");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");

        using var response = await server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("https://app.example.com", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Equal("GET,POST", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Methods")));
        Assert.Equal("content-type", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Headers")));
        Assert.Equal(0, server.Engine.ConnectionCount);
    }

    [Fact]
    public async Task Error_answers_carry_the_cors_headers_so_browsers_can_read_them()
    {
        await using var server = await EngineTestServer.StartAsync(o => o.CorsOrigins = ["https://app.example.com"]);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/socket.io/?EIO=4&transport=polling&sid=unknown");
        request.Headers.Add("Origin", "https://app.example.com");

        using var response = await server.Http.SendAsync(request);

        await ErrorAssert.IsAsync(response, HttpStatusCode.BadRequest, 1, "Session ID unknown");
        Assert.True(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private static async Task<HttpResponseMessage> SendAsync(EngineTestServer server, HttpMethod method, string origin)
    {
        using var request = new HttpRequestMessage(method, Handshake);
        request.Headers.Add("Origin", origin);
        return await server.Http.SendAsync(request);
    }
}
