using System.Net;
using System.Text.Json;
using Realtime.Testing;

namespace Realtime.Server.Tests;

/// <summary>With REDIS_URL set, /readyz reports the backplane; losing Redis does not take every pod out of service.</summary>
public class BackplaneReadinessTests
{
    private static async Task<(HttpStatusCode Status, JsonElement Body)> ReadyzAsync(InProcessServer server)
    {
        using var response = await server.Http.GetAsync("/readyz");
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    [Fact]
    public async Task Readyz_follows_the_backplane_state_and_stays_ready()
    {
        await using var redis = await RedisServer.StartAsync(password: "readiness-secret");
        await using var server = await InProcessServer.StartAsync(new Dictionary<string, string?> { ["REDIS_URL"] = redis.Url });

        await Eventually.TrueAsync(async () => (await ReadyzAsync(server)).Body.GetProperty("backplane").GetString() == "connected",
            TimeSpan.FromSeconds(5), "the backplane connects");
        var (_, connected) = await ReadyzAsync(server);
        Assert.DoesNotContain("readiness-secret", connected.GetRawText(), StringComparison.Ordinal);

        await redis.StopAsync();
        await Eventually.TrueAsync(async () => (await ReadyzAsync(server)).Body.GetProperty("backplane").GetString() == "disconnected",
            TimeSpan.FromSeconds(5), "the lost backplane is reported");
        var (status, body) = await ReadyzAsync(server);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.GetProperty("ready").GetBoolean());

        await redis.StartAgainAsync();
        await Eventually.TrueAsync(async () => (await ReadyzAsync(server)).Body.GetProperty("backplane").GetString() == "connected",
            TimeSpan.FromSeconds(8), "the backplane reconnects");
    }
}
