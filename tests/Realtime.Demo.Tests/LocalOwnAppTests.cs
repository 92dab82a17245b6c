using System.Globalization;
using Realtime.Local;
using Realtime.Testing;

namespace Realtime.Demo.Tests;

/// <summary>`make run CLUSTER=examples/flask-socketio/realtimecluster.yaml APP='...'`: the team's app from a local command.</summary>
// In the local cluster's collection: two machine-local clusters starting side by side starve each other on a small machine.
[Collection(LocalClusterCollection.Name)]
public sealed class LocalOwnAppTests : IDisposable
{
    private static readonly string FlaskExample = RepositoryPaths.Combine("examples", "flask-socketio", "realtimecluster.yaml");
    private static readonly LocalAppCommand FlaskCommand =
        LocalAppCommand.Parse("/usr/bin/python3 examples/flask-socketio/app.py", RepositoryPaths.Root);

    private readonly string _directory = Directory.CreateTempSubdirectory("realtime-local-app-").FullName;

    [Fact]
    public async Task The_flask_example_plans_three_replicas_of_the_command_with_one_password_protected_redis_url_each()
    {
        var plan = await LocalCommand.PlanAsync(FlaskExample, FreePort.Next(), _directory, CancellationToken.None, FlaskCommand);

        Assert.Equal(FlaskCommand, plan.AppCommand);
        Assert.Null(plan.ReadinessPath);
        var redis = Assert.Single(plan.RedisShards);
        Assert.DoesNotContain("--requirepass", redis.Arguments);
        var password = LocalRedisPassword.Of(redis);
        Assert.Equal(["flask-chat-0", "flask-chat-1", "flask-chat-2"], plan.Replicas.Select(r => r.PodName));
        foreach (var replica in plan.Replicas)
        {
            Assert.Equal($"redis://:{password}@127.0.0.1:{redis.Port}", replica.Environment["REDIS_URL"]);
            Assert.Equal(replica.Port.ToString(CultureInfo.InvariantCulture), replica.Environment["PORT"]);
            Assert.Equal(["POD_NAME", "PORT", "REDIS_URL"], replica.Environment.Keys.Order(StringComparer.Ordinal));
        }

        // A TCP readiness probe becomes haproxy's plain connect check.
        Assert.DoesNotContain(HaproxyConfiguration.Build(plan).Split('\n'), line => line.Contains("httpchk", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_own_app_without_a_local_command_is_refused_with_what_to_pass()
    {
        var error = await Assert.ThrowsAsync<LocalSetupException>(() =>
            LocalCommand.PlanAsync(FlaskExample, FreePort.Next(), _directory, CancellationToken.None));

        Assert.Contains("app.preset FlaskSocketIO", error.Message, StringComparison.Ordinal);
        Assert.Contains("--app-command", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_app_command_is_refused()
    {
        Assert.Throws<LocalSetupException>(() => LocalAppCommand.Parse("  ", RepositoryPaths.Root));
    }

    [Fact]
    public async Task The_flask_app_runs_three_replicas_behind_the_sticky_proxy_and_a_broadcast_reaches_every_one()
    {
        var workDirectory = Path.Combine(_directory, "cluster");
        var plan = await LocalCommand.PlanAsync(FlaskExample, FreePort.Next(), workDirectory, CancellationToken.None, FlaskCommand);
        var output = new List<string>();
        var tools = await LocalTools.EnsureAsync(line => { lock (output) { output.Add(line); } }, CancellationToken.None);
        await using var cluster = await LocalCluster.StartAsync(plan, tools, LocalClusterFixture.ServerAssembly, workDirectory,
            line => { lock (output) { output.Add(line); } }, CancellationToken.None);
        var url = plan.Url.ToString().TrimEnd('/');
        string[] names = ["a", "b", "c"];
        await using var clients = await NodeClients.ConnectAsync(names.Select(name => (name, url, new[] { "lobby" })), keepCookies: true);
        await Task.WhenAll(names.Select(name => clients.WaitForAsync(name, "welcome")));
        Assert.Equal(plan.Replicas.Select(r => r.PodName), names.Select(name => clients.Received(name, "welcome")[0][0].GetProperty("pod").GetString()).Order());
        var redis = plan.RedisShards.Single();
        var password = LocalRedisPassword.Of(redis);
        await Eventually.TrueAsync(async () => await SubscribersAsync(redis.Port, password) == 3, TimeSpan.FromSeconds(20),
            "every replica subscribed to the flask-socketio channel");

        await NodeScript.RunAsync("sio-send.js", new Dictionary<string, string> { ["url"] = url, ["event"] = "message", ["arg"] = "\"hi\"" },
            TimeSpan.FromSeconds(15));

        await Task.WhenAll(names.Select(name => clients.WaitForAsync(name, "response")));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static async Task<int> SubscribersAsync(int port, string password)
    {
        // A reply that never comes (a wrong password answers one error line, not five) must fail the wait, not hang it.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync("127.0.0.1", port, timeout.Token);
        using var stream = client.GetStream();
        using var reader = new StreamReader(stream);
        await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(
            $"*2\r\n$4\r\nAUTH\r\n${password.Length}\r\n{password}\r\n*3\r\n$6\r\nPUBSUB\r\n$6\r\nNUMSUB\r\n$14\r\nflask-socketio\r\n"), timeout.Token);
        Assert.Equal("+OK", await reader.ReadLineAsync(timeout.Token));
        await reader.ReadLineAsync(timeout.Token); // *2
        await reader.ReadLineAsync(timeout.Token); // $14
        await reader.ReadLineAsync(timeout.Token); // flask-socketio
        var count = await reader.ReadLineAsync(timeout.Token);
        return int.Parse(count!.AsSpan(1), CultureInfo.InvariantCulture);
    }
}
