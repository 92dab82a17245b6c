using System.Globalization;
using System.Text.Json;
using Realtime.Testing;

namespace Realtime.Cluster.Tests;

/// <summary>
/// Connection state recovery across pods: three of our server processes on a password-protected redis-server behind
/// the sticky haproxy, and the official socket.io-client. A client whose pod goes away (drained or killed) comes
/// back on another pod with its id and rooms and every message sent to them meanwhile, in order, once each.
/// </summary>
public sealed class ConnectionStateRecoveryClusterTests
{
    private const string RedisPassword = "recovery-test-secret";
    private const string SessionKeys = "socket.io#/#session#*";

    private static readonly Dictionary<string, string> RecoveryOn = new() { ["CONNECTION_STATE_RECOVERY"] = "true" };

    [Fact]
    public async Task A_client_of_a_drained_pod_is_recovered_elsewhere_with_every_message_of_the_gap_in_order()
    {
        await using var pods = await StartPodsAsync(RecoveryOn);
        await pods.WaitUntilAllPodsSubscribedAsync();
        await using var client = await RecoveringClient.ConnectAsync(pods.ProxyUrl, "lobby");
        var home = await HomePodAsync(pods);

        var sent = await PublishAcrossTheGapAsync(pods, client, pods.Servers.First(pod => pod != home),
            () => home.TerminateAsync());

        AssertRecoveredWithEverything(client, sent);
        Assert.Equal(1, await RecoveriesAsync(pods, "recovered"));
    }

    [Fact]
    public async Task A_client_of_a_killed_pod_is_recovered_elsewhere_with_every_message_of_the_gap_in_order()
    {
        await using var pods = await StartPodsAsync(RecoveryOn);
        await pods.WaitUntilAllPodsSubscribedAsync();
        await using var client = await RecoveringClient.ConnectAsync(pods.ProxyUrl, "lobby");
        var home = await HomePodAsync(pods);
        // A killed pod stores nothing on its way out: the session its pod keeps while the socket is connected is it.
        // It is written within a second of the connect and again within a second of the join, so await the room.
        await Eventually.TrueAsync(async () => (await StoredSessionAsync(pods)).Contains("\"lobby\"", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), "the connected socket's session with its room is in Redis");

        var sent = await PublishAcrossTheGapAsync(pods, client, pods.Servers.First(pod => pod != home), () =>
        {
            home.Kill();
            return Task.CompletedTask;
        });

        AssertRecoveredWithEverything(client, sent);
    }

    [Fact]
    public async Task A_session_older_than_the_max_disconnection_duration_is_not_recovered()
    {
        var shortLived = new Dictionary<string, string>(RecoveryOn) { ["RECOVERY_MAX_DISCONNECTION_MS"] = "1000" };
        await using var pods = await StartPodsAsync(shortLived);
        await using var client = await DroppedLobbyClientAsync(pods);
        // Redis expires the key after the 1 s setting; that expiry is the condition awaited, not a sleep.
        await Eventually.TrueAsync(async () => await CountKeysAsync(pods, SessionKeys) == 0, TimeSpan.FromSeconds(10),
            "the session expired");
        await client.ReconnectAsync();
        await client.WaitForConnectsAsync(2);

        var (id, recovered) = client.Connects[1];
        Assert.False(recovered);
        Assert.NotEqual(client.Id, id);
        Assert.Equal(1, await RecoveriesAsync(pods, "unknown"));
        Assert.Equal(0, await RecoveriesAsync(pods, "recovered"));
    }

    [Fact]
    public async Task At_the_shipped_default_a_session_is_kept_two_minutes_and_a_client_back_in_time_is_recovered()
    {
        await using var pods = await StartPodsAsync(RecoveryOn);
        await using var client = await DroppedLobbyClientAsync(pods);
        var sessionTtl = await PttlAsync(pods, SessionKeys);
        var logTtl = await PttlAsync(pods, "socket.io#/#recovery-log");
        await pods.EmitThroughApiAsync(pods.Servers[1], "lobby", "seq", 2);
        await client.ReconnectAsync();
        await client.WaitForAsync("seq", 2);

        Assert.InRange(sessionTtl, 100_000, 120_000);
        Assert.InRange(logTtl, 100_000, 120_000);
        Assert.Equal((client.Id, true), client.Connects[1]);
    }

    /// <summary>Three pods with recovery on a password-protected Redis behind the sticky proxy.</summary>
    private static Task<Pods> StartPodsAsync(Dictionary<string, string> environment) =>
        Pods.StartAsync(BalancingMode.StickyCookie, environment: environment, redisPassword: RedisPassword);

    /// <summary>
    /// Publishes numbered messages to the client's room from another pod (and some to a room it is not in) while
    /// <paramref name="loseHome"/> takes its pod away: until it has received some, through its disconnect, and on
    /// until it is back. Returns how many went to its room.
    /// </summary>
    private static async Task<int> PublishAcrossTheGapAsync(Pods pods, RecoveringClient client, ServerProcess publisher,
        Func<Task> loseHome)
    {
        var sent = 0;
        async Task Send(int count)
        {
            for (var i = 0; i < count; i++)
            {
                await pods.EmitThroughApiAsync(publisher, "lobby", "seq", ++sent);
                if (sent % 5 == 0)
                {
                    await pods.EmitThroughApiAsync(publisher, "elsewhere", "other", sent);
                }
            }
        }

        await Send(20);
        await client.WaitForAsync("seq", sent);
        var lost = loseHome();
        await Eventually.TrueAsync(async () =>
        {
            await Send(1);
            return client.Output.Contains("\"disconnected\"", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(20), "the client lost its pod");
        // Right after the disconnect, before the client can be back: these are the gap.
        await Send(20);
        await Eventually.TrueAsync(async () =>
        {
            await Send(1);
            return client.Connects.Count >= 2;
        }, TimeSpan.FromSeconds(20), "the client reconnected");
        await Send(10);
        await lost;
        await client.WaitForAsync("seq", sent);
        return sent;
    }

    private static void AssertRecoveredWithEverything(RecoveringClient client, int sent)
    {
        var received = client.Received("seq").Select(args => args[0].GetInt32()).ToList();
        Assert.True(Enumerable.Range(1, sent).SequenceEqual(received),
            $"received [{string.Join(',', received)}] of 1..{sent}. Client:\n{client.Output}");
        Assert.Equal((client.Id, true), client.Connects[1]);
        Assert.Equal(2, client.Connects.Count);
        Assert.Empty(client.Received("other"));
        // Every message carries its offset as the last argument, as the client reads it.
        Assert.All(client.Received("seq"), args => Assert.Equal(JsonValueKind.String, args[args.GetArrayLength() - 1].ValueKind));
    }

    /// <summary>The pod the client's connection landed on: the one with an open Engine.IO connection.</summary>
    private static async Task<ServerProcess> HomePodAsync(Pods pods)
    {
        using var http = new HttpClient();
        foreach (var pod in pods.Servers)
        {
            var metrics = await http.GetStringAsync($"{pod.Url}/metrics");
            var line = metrics.Split('\n').FirstOrDefault(l => l.StartsWith("realtime_engineio_connections ", StringComparison.Ordinal));
            if (line is not null && double.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture) > 0)
            {
                return pod;
            }
        }

        throw new InvalidOperationException("no pod has the client's connection");
    }

    /// <summary>What the running pods counted in <c>realtime_socketio_recoveries_total</c> for one result.</summary>
    private static async Task<long> RecoveriesAsync(Pods pods, string result)
    {
        using var http = new HttpClient();
        var series = $"realtime_socketio_recoveries_total{{namespace=\"/\",result=\"{result}\"}} ";
        long total = 0;
        foreach (var pod in pods.Servers.Where(pod => !pod.HasExited))
        {
            var metrics = await http.GetStringAsync($"{pod.Url}/metrics");
            total += metrics.Split('\n').Where(line => line.StartsWith(series, StringComparison.Ordinal))
                .Sum(line => long.Parse(line[series.Length..], CultureInfo.InvariantCulture));
        }

        return total;
    }

    /// <summary>A client in the lobby that got one message, then lost its connection; its session is in Redis.</summary>
    private static async Task<RecoveringClient> DroppedLobbyClientAsync(Pods pods)
    {
        await pods.WaitUntilAllPodsSubscribedAsync();
        var client = await RecoveringClient.ConnectAsync(pods.ProxyUrl, "lobby");
        try
        {
            await pods.EmitThroughApiAsync(pods.Servers[0], "lobby", "seq", 1);
            await client.WaitForAsync("seq", 1);
            await client.DropAsync();
            await Eventually.TrueAsync(async () => await CountKeysAsync(pods, SessionKeys) == 1, TimeSpan.FromSeconds(10),
                "the dropped socket's session is stored");
            return client;
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    private static async Task<int> CountKeysAsync(Pods pods, string pattern)
    {
        var reply = await pods.Redis.CommandAsync("EVAL", "return #redis.call('KEYS', ARGV[1])", "0", pattern);
        return int.Parse(reply.AsSpan(1), CultureInfo.InvariantCulture);
    }

    /// <summary>The one stored session's value, empty while there is none.</summary>
    private static async Task<string> StoredSessionAsync(Pods pods)
    {
        return await pods.Redis.BulkCommandAsync("EVAL",
            "local k = redis.call('KEYS', ARGV[1]); if #k ~= 1 then return '' end; return redis.call('GET', k[1])", "0",
            SessionKeys);
    }

    private static async Task<long> PttlAsync(Pods pods, string pattern)
    {
        var reply = await pods.Redis.CommandAsync("EVAL",
            "local k = redis.call('KEYS', ARGV[1])[1]; if not k then return -2 end; return redis.call('PTTL', k)", "0", pattern);
        return long.Parse(reply.AsSpan(1), CultureInfo.InvariantCulture);
    }
}
