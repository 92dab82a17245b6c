using Realtime.SocketIO.Redis.Tests.Hosting;
using Realtime.Testing;

namespace Realtime.SocketIO.Redis.Tests;

/// <summary>
/// Passwords holding the characters a configuration string or a URL gives a meaning to reach a real redis-server with
/// <c>requirepass</c>, and no piece of them shows in the logs or the readiness description.
/// </summary>
public sealed class RedisCredentialTests
{
    [Theory]
    [InlineData("Pa=ss,ssl=true,ss-Secret9")]
    [InlineData("p@ss:w/o%rd,=@:/%")]
    public async Task A_password_with_separators_authenticates_and_is_never_printed(string password)
    {
        await using var redis = await RedisServer.StartAsync(password);
        var logs = new CapturedLogs();
        await using var first = await RedisBackedServer.StartAsync([redis.Url], logs: logs);
        await using var second = await RedisBackedServer.StartAsync([redis.Url], logs: logs);
        await using var clients = await NodeClients.ConnectAsync([("a", first.Url, ["r"]), ("b", second.Url, ["r"])]);
        await Task.WhenAll(first.WaitForBackplaneAsync(), second.WaitForBackplaneAsync());

        first.Main.To("r").Emit("secret");
        await clients.WaitForAsync("b", "secret");

        Assert.True(first.Backplane.IsListening, first.Backplane.Description);
        Assert.StartsWith($"shard 0 (127.0.0.1:{redis.Port}): connected", first.Backplane.Description, StringComparison.Ordinal);
        foreach (var piece in Pieces(password))
        {
            Assert.DoesNotContain(piece, first.Backplane.Description, StringComparison.Ordinal);
            Assert.DoesNotContain(logs.Lines, line => line.Contains(piece, StringComparison.Ordinal));
        }

        Assert.NotEmpty(logs.Lines);
    }

    [Fact]
    public async Task A_wrong_password_keeps_the_clear_log_line_and_the_reason_in_the_description_without_the_password()
    {
        await using var redis = await RedisServer.StartAsync("the-right-one");
        var logs = new CapturedLogs();
        var url = $"redis://:{Uri.EscapeDataString("wrong,Secret9")}@127.0.0.1:{redis.Port}";
        await using var server = await RedisBackedServer.StartAsync([url], logs: logs);

        await Eventually.TrueAsync(() => logs.Contains("WRONGPASS"), TimeSpan.FromSeconds(10), "the refusal is logged");
        await Eventually.TrueAsync(() => server.Backplane.Description.Contains("WRONGPASS", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), $"the refusal is described ({server.Backplane.Description})");
        Assert.False(server.Backplane.IsListening);
        Assert.Contains(logs.Lines, line => line.Contains("AUTH was refused: WRONGPASS", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, line => line.Contains("Secret9", StringComparison.Ordinal));
        Assert.DoesNotContain("Secret9", server.Backplane.Description, StringComparison.Ordinal);
    }

    /// <summary>The password and each part between separators: a split password would show its tail.</summary>
    private static IEnumerable<string> Pieces(string password) =>
        password.Split([',', '=', '@', ':', '/', '%'], StringSplitOptions.RemoveEmptyEntries)
            .Where(piece => piece.Length >= 3 && piece != "ssl" && piece != "true")
            .Append(password);
}
