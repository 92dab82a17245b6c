using Realtime.Operator.Api;
using Realtime.Operator.Builders;
using Realtime.Operator.Tests.Builders;
using Realtime.Testing;
using Xunit.Abstractions;

namespace Realtime.Operator.Tests.HighAvailability;

/// <summary>
/// The high-availability pods' start scripts with real processes: three members of a shard (redis-server and
/// redis-sentinel, Debian's) started from the operator's own scripts, arguments and Secret files, on stable names that
/// /etc/hosts in a private network namespace resolves as the cluster's DNS would. What only a cluster shows (the
/// kubelet, DNS records appearing late, a node's loss) stays for the E2E suite.
/// </summary>
public sealed class SentinelShardScriptTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>Quotes and a backslash: a password from an existing Secret must survive every config file it lands in.</summary>
    private const string Password = "pa\"ss\\word with spaces";

    private readonly string _work = Directory.CreateTempSubdirectory("redisha-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [SentinelShardFact]
    public async Task A_new_shard_elects_the_first_member_fails_over_when_it_dies_and_it_rejoins_as_a_replica()
    {
        Prepare(TestClusters.Create(spec => spec.Redis.HighAvailability.Enabled = true));
        var script = RepositoryPaths.Combine("tests", "Realtime.Operator.Tests", "HighAvailability", "sentinel-shard.sh");

        await using var shard = ChildProcess.Start("unshare", ["-r", "-m", "-n", "sh", script, _work]);
        var exit = await shard.WaitForExitAsync(TimeSpan.FromSeconds(120));
        var seen = shard.Output.Split('\n').Select(line => line.Split('=', 2)).Where(pair => pair.Length == 2).ToDictionary(pair => pair[0], pair => pair[1]);
        var logs = string.Join("\n", Directory.GetFiles(_work, "*.log", SearchOption.AllDirectories).Select(file => $"--- {file}\n{File.ReadAllText(file)}"));
        Assert.True(exit == 0 && seen.ContainsKey("done"), $"exit {exit}\n{shard.Output}\n{logs}");

        const string first = "chat-redis-0.chat-redis-headless.apps.svc";
        Assert.Equal(first, seen["initial_master"]);
        Assert.Equal("master,slave,slave", seen["initial_roles"]);
        Assert.All(new[] { 0, 1, 2 }, member =>
        {
            Assert.Equal("yes", seen[$"redis_ready_{member}"]);
            Assert.Equal("yes", seen[$"sentinel_ready_{member}"]);
        });
        Assert.Contains(seen["promoted"], new[] { "chat-redis-1.chat-redis-headless.apps.svc", "chat-redis-2.chat-redis-headless.apps.svc" });
        Assert.Equal("slave", seen["restarted_first_role"]);
        Assert.Equal(seen["promoted"], seen["restarted_master_host"]);
        Assert.Equal("1", seen["masters"]);
        Assert.Equal("no", seen["demoted_by_sentinel"]);
        output.WriteLine($"Sentinel shard: failover {seen["failover_ms"]} ms after SIGKILL of the master (down-after 1000 ms)");
    }

    /// <summary>What the pod gets: the ConfigMap's files, the Secret's auth keys, the redis-server arguments; and the hosts file DNS stands for.</summary>
    private void Prepare(RealtimeCluster cluster)
    {
        Write("scripts", RedisScriptsConfigMapBuilder.Build(cluster).Data);
        var secret = RedisSecretBuilder.Build(cluster, Password).StringData;
        Write("auth", new Dictionary<string, string>
        {
            [RedisSecretBuilder.PasswordKey] = secret[RedisSecretBuilder.PasswordKey],
            [RedisServerArguments.AuthConfigKey] = secret[RedisServerArguments.AuthConfigKey],
            [RedisSecretBuilder.QuotedPasswordKey] = secret[RedisSecretBuilder.QuotedPasswordKey],
        });
        var args = RedisServerArguments.Build(cluster.Spec.Redis).Select(arg => arg == RedisServerArguments.AuthConfigPath ? Path.Combine(_work, "auth", RedisServerArguments.AuthConfigKey) : arg);
        File.WriteAllText(Path.Combine(_work, "redis-args"), string.Join("\n", args) + "\n");
        File.WriteAllText(Path.Combine(_work, "hosts"), "127.0.0.1 localhost\n" + string.Concat(
            Enumerable.Range(0, 3).Select(member => $"127.0.0.{member + 2} chat-redis-{member}.chat-redis-headless.apps.svc\n")));
    }

    private void Write(string directory, IDictionary<string, string> files)
    {
        Directory.CreateDirectory(Path.Combine(_work, directory));
        foreach (var (name, content) in files)
        {
            File.WriteAllText(Path.Combine(_work, directory, name), content);
        }
    }
}
