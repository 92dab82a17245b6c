using System.Net;
using System.Text.Json;
using Realtime.Testing;

namespace Realtime.Server.Tests;

/// <summary>
/// With REDIS_URL set, /readyz is ready only while the pod hears every channel it needs, and says why otherwise;
/// nothing of the Redis password shows in it.
/// </summary>
public class BackplaneReadinessTests
{
    private static async Task<(HttpStatusCode Status, JsonElement Body)> ReadyzAsync(InProcessServer server)
    {
        using var response = await server.Http.GetAsync("/readyz");
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static Task ReadyzSaysAsync(InProcessServer server, string backplane, TimeSpan timeout) =>
        Eventually.TrueAsync(async () => (await ReadyzAsync(server)).Body.GetProperty("backplane").GetString() == backplane,
            timeout, $"/readyz reports the backplane {backplane}");

    [Fact]
    public async Task Readyz_is_ready_only_while_the_backplane_listens_and_never_shows_the_password()
    {
        const string password = "ready,Secret9=x@y:z/%";
        await using var redis = await RedisServer.StartAsync(password);
        await using var server = await InProcessServer.StartAsync(new Dictionary<string, string?> { ["REDIS_URL"] = redis.Url });

        await ReadyzSaysAsync(server, "connected", TimeSpan.FromSeconds(10));
        var (status, connected) = await ReadyzAsync(server);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(connected.GetProperty("ready").GetBoolean());
        Assert.False(connected.TryGetProperty("reason", out _));
        Assert.DoesNotContain("Secret9", connected.GetRawText(), StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{redis.Port}", connected.GetProperty("backplaneDetail").GetString(), StringComparison.Ordinal);

        await redis.StopAsync();
        await ReadyzSaysAsync(server, "disconnected", TimeSpan.FromSeconds(10));
        var (outageStatus, outage) = await ReadyzAsync(server);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, outageStatus);
        Assert.False(outage.GetProperty("ready").GetBoolean());
        Assert.Contains("does not hear", outage.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("Secret9", outage.GetRawText(), StringComparison.Ordinal);

        await redis.StartAgainAsync();
        await ReadyzSaysAsync(server, "connected", TimeSpan.FromSeconds(15));
        Assert.Equal(HttpStatusCode.OK, (await ReadyzAsync(server)).Status);
    }

    [Fact]
    public async Task A_pod_whose_subscribe_is_refused_is_not_ready_and_says_NOPERM()
    {
        await using var redis = await RedisServer.StartAsync();
        Assert.Equal("+OK", await redis.CommandAsync("ACL", "SETUSER", "deaf", "on", ">deaf-pass", "~*", "&*", "+@all",
            "-subscribe", "-psubscribe"));
        await using var server = await InProcessServer.StartAsync(new Dictionary<string, string?>
        {
            ["REDIS_URL"] = redis.UrlFor("deaf", "deaf-pass"),
        });

        await Eventually.TrueAsync(async () =>
                (await ReadyzAsync(server)).Body.GetProperty("backplaneDetail").GetString()!.Contains("NOPERM", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), "/readyz names the refusal");
        var (status, body) = await ReadyzAsync(server);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.False(body.GetProperty("ready").GetBoolean());
        Assert.Equal("not subscribed", body.GetProperty("backplane").GetString());
        Assert.DoesNotContain("deaf-pass", body.GetRawText(), StringComparison.Ordinal);
    }
}
