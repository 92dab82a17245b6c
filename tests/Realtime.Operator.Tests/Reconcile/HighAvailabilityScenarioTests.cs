using System.Text;
using Realtime.Testing;

namespace Realtime.Operator.Tests.Reconcile;

/// <summary>
/// A RealtimeCluster with Redis high availability against the fake API server, whose stand-in kubelet reports
/// StatefulSet pods as the StatefulSet controller does: the children, the sentinel URL, and RedisReady per shard.
/// </summary>
public sealed class HighAvailabilityScenarioTests : IAsyncLifetime
{
    private const string HighlyAvailable = """{"routing":{"host":"chat.example.com"},"redis":{"highAvailability":{"enabled":true}}}""";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private OperatorHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _harness = await OperatorHarness.StartAsync();
        _harness.StartOperator();
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task A_highly_available_cluster_gets_its_sentinel_shard_and_becomes_ready()
    {
        await _harness.CreateClusterAsync("chat", HighlyAvailable);

        await Eventually.TrueAsync(() => _harness.IsReady("chat"), Timeout, "chat Ready");
        foreach (var (plural, name) in new[]
        {
            ("statefulsets", "chat-redis"), ("services", "chat-redis-headless"), ("services", "chat-redis-sentinel"),
            ("poddisruptionbudgets", "chat-redis"), ("configmaps", "chat-redis-scripts"), ("networkpolicies", "chat-redis"),
        })
        {
            Assert.True(_harness.Child(plural, name) is not null, $"{plural}/{name} exists");
        }

        Assert.Null(_harness.Child("deployments", "chat-redis"));
        Assert.Null(_harness.Child("services", "chat-redis"));
        var statefulSet = _harness.Child("statefulsets", "chat-redis")!;
        Assert.Equal(3, statefulSet["status"]!["readyReplicas"]!.GetValue<int>());
        Assert.NotNull(statefulSet["spec"]!["template"]!["metadata"]!["annotations"]!["realtime.dev/credentials-version"]);
        var urls = Encoding.UTF8.GetString(Convert.FromBase64String(_harness.Child("secrets", "chat-redis-auth")!["data"]!["urls"]!.GetValue<string>()));
        Assert.StartsWith("redis+sentinel://:", urls, StringComparison.Ordinal);
        Assert.EndsWith("@chat-redis-0.chat-redis-headless:26379,chat-redis-1.chat-redis-headless:26379,chat-redis-2.chat-redis-headless:26379/0/chat-redis", urls, StringComparison.Ordinal);
        Assert.Equal("chat-redis-sentinel:26379", Assert.Single(_harness.Cluster("chat")!["status"]!["redis"]!["endpoints"]!.AsArray())!.GetValue<string>());
        Assert.Equal("Ready", _harness.Condition("chat", "RedisReady")!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task One_member_down_is_reported_as_reduced_failover_capacity_and_below_quorum_as_not_ready()
    {
        await _harness.CreateClusterAsync("chat", HighlyAvailable);
        await Eventually.TrueAsync(() => _harness.IsReady("chat"), Timeout, "chat Ready");

        _harness.UnreadyStatefulSetPods["chat-redis"] = 1;
        await Eventually.TrueAsync(() => Reason("chat") == "FailoverCapacityReduced", Timeout, "RedisReady FailoverCapacityReduced");
        Assert.Equal("True", _harness.ConditionStatus("chat", "RedisReady"));
        Assert.Equal("1/1 Redis shards ready; shard 0 (chat-redis): 2 of 3 Redis pods ready (failover capacity reduced)", Message("chat"));
        Assert.Equal("True", _harness.ConditionStatus("chat", "Ready"));

        _harness.UnreadyStatefulSetPods["chat-redis"] = 2;
        await Eventually.TrueAsync(() => _harness.ConditionStatus("chat", "RedisReady") == "False", Timeout, "RedisReady False");
        Assert.Equal("RedisNotReady", Reason("chat"));
        Assert.Equal("0/1 Redis shards ready; shard 0 (chat-redis): 1 of 3 Redis pods ready, fewer than the Sentinel quorum of 2 (no failover possible)", Message("chat"));
        Assert.Equal("False", _harness.ConditionStatus("chat", "Ready"));
        Assert.Equal("RedisUnavailable", _harness.Condition("chat", "Degraded")!["reason"]!.GetValue<string>());

        _harness.UnreadyStatefulSetPods.TryRemove("chat-redis", out _);
        await Eventually.TrueAsync(() => _harness.IsReady("chat") && Reason("chat") == "Ready", Timeout, "chat Ready again");
    }

    [Fact]
    public async Task Turning_high_availability_on_replaces_the_single_master_and_off_brings_it_back()
    {
        await _harness.CreateClusterAsync("chat", """{"routing":{"host":"chat.example.com"}}""");
        await Eventually.TrueAsync(() => _harness.IsReady("chat") && _harness.Child("deployments", "chat-redis") is not null, Timeout, "chat Ready with one master");

        await _harness.PatchSpecAsync("chat", """{"redis":{"highAvailability":{"enabled":true}}}""");
        await Eventually.TrueAsync(
            () => _harness.IsReady("chat") && _harness.Child("statefulsets", "chat-redis") is not null
                && _harness.Child("deployments", "chat-redis") is null && _harness.Child("services", "chat-redis") is null,
            Timeout,
            "the Deployment and Service of the single master pruned, the StatefulSet ready");

        await _harness.PatchSpecAsync("chat", """{"redis":{"highAvailability":{"enabled":false}}}""");
        await Eventually.TrueAsync(
            () => _harness.IsReady("chat") && _harness.Child("deployments", "chat-redis") is not null
                && _harness.Child("statefulsets", "chat-redis") is null && _harness.Child("configmaps", "chat-redis-scripts") is null,
            Timeout,
            "back to one master, the Sentinel children pruned");
    }

    private string? Reason(string cluster) => _harness.Condition(cluster, "RedisReady")?["reason"]?.GetValue<string>();

    private string? Message(string cluster) => _harness.Condition(cluster, "RedisReady")?["message"]?.GetValue<string>();
}
