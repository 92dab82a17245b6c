using System.Net;
using System.Net.Sockets;
using Realtime.Local;
using Realtime.Testing;

namespace Realtime.Demo.Tests;

public sealed class LocalPlanTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("realtime-local-plan-").FullName;

    [Fact]
    public async Task The_local_example_plans_three_replicas_behind_the_route_cookie_sharing_one_password_protected_redis()
    {
        var plan = await PlanAsync(LocalClusterFixture.LocalExample);

        Assert.Equal(["local-0", "local-1", "local-2"], plan.Replicas.Select(r => r.PodName));
        Assert.Equal("route", plan.StickyCookie);
        var redis = Assert.Single(plan.RedisShards);
        Assert.Equal(5, plan.Replicas.Select(r => r.Port).Append(plan.ProxyPort).Append(redis.Port).Distinct().Count());
        Assert.DoesNotContain("--requirepass", redis.Arguments);
        var password = LocalRedisPassword.Of(redis);
        Assert.True(password.Length >= 16 && !password.Contains("$(", StringComparison.Ordinal), $"password '{password}'");
        Assert.Equal(redis.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), ValueAfter(redis.Arguments, "--port"));
        Assert.Equal("127.0.0.1", ValueAfter(redis.Arguments, "--bind"));
        Assert.Equal("", ValueAfter(redis.Arguments, "FLUSHALL"));
        foreach (var replica in plan.Replicas)
        {
            Assert.Equal($"redis://:{password}@127.0.0.1:{redis.Port}", replica.Environment["REDIS_URLS"]);
            Assert.Equal(replica.PodName, replica.Environment["POD_NAME"]);
            Assert.Equal(replica.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), replica.Environment["PORT"]);
            Assert.Equal("true", replica.Environment["DEMO_PAGE"]);
            Assert.Equal("http://localhost:5000", replica.Environment["CORS_ORIGINS"]);
        }

        Assert.Empty(plan.Notes);
    }

    [Fact]
    public void Ports_are_handed_out_once_each_and_never_the_proxy_port_even_when_the_kernel_repeats_one()
    {
        var kernel = new Queue<int>([7001, 7001, 5000, 7002, 7001, 7003]);
        var allocate = LoopbackPorts.Distinct(kernel.Dequeue, [5000]);

        Assert.Equal([7001, 7002, 7003], [allocate(), allocate(), allocate()]);
    }

    [Fact]
    public async Task The_proxy_pins_with_the_cookie_checks_readiness_and_keeps_websockets_open()
    {
        var plan = await PlanAsync(LocalClusterFixture.LocalExample);
        var config = HaproxyConfiguration.Build(plan).Split('\n').Select(line => line.Trim()).ToList();

        Assert.Contains($"bind 127.0.0.1:{plan.ProxyPort}", config);
        Assert.Contains("cookie route insert indirect nocache httponly", config);
        Assert.Contains("option httpchk GET /readyz", config);
        Assert.Contains("option redispatch", config);
        Assert.Contains("timeout tunnel 3600s", config);
        foreach (var replica in plan.Replicas)
        {
            Assert.Contains($"server {replica.PodName} 127.0.0.1:{replica.Port} cookie {replica.PodName} check inter 500ms fall 2 rise 1", config);
        }
    }

    [Fact]
    public async Task A_cluster_without_affinity_is_balanced_round_robin_and_says_so()
    {
        var plan = await PlanAsync(Write("""
            apiVersion: realtime.dev/v1alpha1
            kind: RealtimeCluster
            metadata: {name: solo}
            spec:
              replicas: 1
              redis: {mode: None}
              routing: {sessionAffinity: {enabled: false}}
            """));

        Assert.Null(plan.StickyCookie);
        Assert.Empty(plan.RedisShards);
        Assert.DoesNotContain("REDIS_URLS", plan.Replicas.Single().Environment.Keys);
        Assert.Contains(plan.Notes, note => note.Contains("round-robin", StringComparison.Ordinal));
        Assert.DoesNotContain(HaproxyConfiguration.Build(plan).Split('\n'), line => line.Contains("cookie", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_invalid_cluster_is_refused_with_the_reason_the_render_gives()
    {
        var file = Write("""
            apiVersion: realtime.dev/v1alpha1
            kind: RealtimeCluster
            metadata: {name: broken}
            spec:
              replicas: 3
              redis: {mode: None}
            """);

        var error = await Assert.ThrowsAsync<LocalSetupException>(() => PlanAsync(file));

        Assert.Contains(file, error.Message, StringComparison.Ordinal);
        Assert.Contains("Redis", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_missing_file_and_a_busy_port_are_refused_with_what_to_do()
    {
        var missing = await Assert.ThrowsAsync<LocalSetupException>(() => PlanAsync(Path.Combine(_directory, "nope.yaml")));
        Assert.Contains("no such file", missing.Message, StringComparison.Ordinal);

        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port;
        var error = await Assert.ThrowsAsync<LocalSetupException>(() =>
            LocalCommand.PlanAsync(LocalClusterFixture.LocalExample, port, _directory, CancellationToken.None));
        Assert.Contains("--port", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private Task<LocalPlan> PlanAsync(string file) =>
        LocalCommand.PlanAsync(file, FreePort.Next(), _directory, CancellationToken.None);

    private string Write(string yaml)
    {
        var path = Path.Combine(_directory, $"{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, yaml);
        return path;
    }

    private static string ValueAfter(IReadOnlyList<string> arguments, string flag)
    {
        var index = arguments.ToList().IndexOf(flag);
        Assert.True(index >= 0 && index + 1 < arguments.Count, $"{flag} in {string.Join(' ', arguments)}");
        return arguments[index + 1];
    }
}
