using System.Net;
using System.Text.Json;
using Realtime.Bench;

namespace Realtime.Server.Tests;

public class OperationsEndpointTests
{
    [Fact]
    public async Task Healthz_answers_ok_with_the_pod_header()
    {
        await using var server = await InProcessServer.StartAsync();

        using var response = await server.Http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok\n", await response.Content.ReadAsStringAsync());
        Assert.Equal(InProcessServer.PodName, Assert.Single(response.Headers.GetValues("X-Realtime-Pod")));
    }

    [Theory]
    [InlineData("/nothing-here")]
    [InlineData("/socket.io/?EIO=4&transport=polling")]
    [InlineData("/socket.io/?EIO=3&transport=polling")]
    [InlineData("/metrics")]
    public async Task Every_response_carries_the_pod_header(string path)
    {
        await using var server = await InProcessServer.StartAsync();

        using var response = await server.Http.GetAsync(path);

        Assert.Equal(InProcessServer.PodName, Assert.Single(response.Headers.GetValues("X-Realtime-Pod")));
    }

    [Fact]
    public async Task Readyz_is_ready_and_says_no_backplane_is_configured()
    {
        await using var server = await InProcessServer.StartAsync();

        using var response = await server.Http.GetAsync("/readyz");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(body.GetProperty("ready").GetBoolean());
        Assert.False(body.GetProperty("draining").GetBoolean());
        Assert.Equal(InProcessServer.PodName, body.GetProperty("pod").GetString());
        Assert.Equal("not configured", body.GetProperty("backplane").GetString());
    }

    [Fact]
    public async Task Metrics_export_the_protocol_meters_and_the_process()
    {
        await using var server = await InProcessServer.StartAsync();
        await using var client = await BenchClient.ConnectAsync(server.Url, null, CancellationToken.None);
        await client.JoinAsync("metrics-room", CancellationToken.None);

        var text = await server.Http.GetStringAsync("/metrics");

        Assert.Contains("realtime_server_draining", text, StringComparison.Ordinal);
        Assert.Contains("process_cpu_seconds_total", text, StringComparison.Ordinal);
        Assert.Matches("(?m)^realtime_engineio_connections 1$", text);
        Assert.Matches("(?m)^realtime_socketio_sockets\\{namespace=\"/\"\\} 1$", text);
    }

    [Fact]
    public async Task With_DEMO_PAGE_the_wwwroot_page_is_served_at_the_root()
    {
        var contentRoot = Directory.CreateTempSubdirectory("realtime-demo-");
        try
        {
            Directory.CreateDirectory(Path.Combine(contentRoot.FullName, "wwwroot"));
            await File.WriteAllTextAsync(Path.Combine(contentRoot.FullName, "wwwroot", "index.html"), "<h1>demo</h1>");
            await using var server = await InProcessServer.StartAsync(new Dictionary<string, string?> { ["DEMO_PAGE"] = "true" },
                ["--contentRoot", contentRoot.FullName]);

            using var response = await server.Http.GetAsync("/");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("<h1>demo</h1>", await response.Content.ReadAsStringAsync());
            Assert.Equal(InProcessServer.PodName, Assert.Single(response.Headers.GetValues("X-Realtime-Pod")));
        }
        finally
        {
            contentRoot.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_demo_page_is_off_by_default()
    {
        await using var server = await InProcessServer.StartAsync();

        using var response = await server.Http.GetAsync("/");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
