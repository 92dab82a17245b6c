using System.Net;
using Realtime.EngineIO.Tests.Support;

namespace Realtime.EngineIO.Tests.Polling;

public class ErrorTests
{
    [Theory]
    [InlineData("/socket.io/?EIO=4&transport=carrier-pigeon", 0, "Transport unknown")]
    [InlineData("/socket.io/?EIO=4", 0, "Transport unknown")]
    [InlineData("/socket.io/?EIO=4&transport=polling&sid=AAAAAAAAAAAAAAAAAAAA", 1, "Session ID unknown")]
    [InlineData("/socket.io/?EIO=4&transport=websocket", 3, "Bad request")]
    [InlineData("/socket.io/?EIO=3&transport=polling", 5, "Unsupported protocol version")]
    [InlineData("/socket.io/?transport=polling", 5, "Unsupported protocol version")]
    public async Task Bad_get_requests_get_the_node_error_body(string path, int code, string message)
    {
        await using var server = await EngineTestServer.StartAsync();

        using var response = await server.Http.GetAsync(path);

        await ErrorAssert.IsAsync(response, HttpStatusCode.BadRequest, code, message);
        Assert.Equal(0, server.Engine.ConnectionCount);
    }

    [Fact]
    public async Task Handshake_must_be_a_get()
    {
        await using var server = await EngineTestServer.StartAsync();

        using var response = await server.Http.PostAsync("/socket.io/?EIO=4&transport=polling", new StringContent("4x"));

        await ErrorAssert.IsAsync(response, HttpStatusCode.BadRequest, 2, "Bad handshake method");
    }

    [Fact]
    public async Task Transport_not_enabled_is_unknown()
    {
        await using var server = await EngineTestServer.StartAsync(o => o.Transports = [EngineTransportNames.WebSocket]);

        using var response = await server.Http.GetAsync("/socket.io/?EIO=4&transport=polling");

        await ErrorAssert.IsAsync(response, HttpStatusCode.BadRequest, 0, "Transport unknown");
    }

    [Fact]
    public async Task AllowRequest_rejection_is_403_with_its_message()
    {
        await using var server = await EngineTestServer.StartAsync(o => o.AllowRequest = context =>
            ValueTask.FromResult(context.Request.Query["token"] == "good" ? null : "Invalid token"));

        using var rejected = await server.Http.GetAsync("/socket.io/?EIO=4&transport=polling&token=bad");
        using var accepted = await server.Http.GetAsync("/socket.io/?EIO=4&transport=polling&token=good");

        await ErrorAssert.IsAsync(rejected, HttpStatusCode.Forbidden, 4, "Invalid token");
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task Unknown_method_on_a_session_is_a_bad_request()
    {
        await using var server = await EngineTestServer.StartAsync();
        var client = await PollingClient.ConnectAsync(server.Http);

        using var response = await server.Http.PutAsync(client.Path, new StringContent("4x"));

        await ErrorAssert.IsAsync(response, HttpStatusCode.BadRequest, 3, "Bad request");
    }

    [Fact]
    public async Task Invalid_options_fail_at_start_with_a_clear_message()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() =>
            EngineTestServer.StartAsync(o => o.CorsOrigins = ["*"]));

        Assert.Contains("CorsOrigins", error.ToString(), StringComparison.Ordinal);
    }
}
