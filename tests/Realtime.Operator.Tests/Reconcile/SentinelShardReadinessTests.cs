using k8s.Models;
using Realtime.Operator.Reconcile;
using Realtime.Operator.Tests.Builders;

namespace Realtime.Operator.Tests.Reconcile;

public sealed class SentinelShardReadinessTests
{
    private static readonly Realtime.Operator.Api.RealtimeCluster TwoShards = TestClusters.Create(spec =>
    {
        spec.Redis.Shards = 2;
        spec.Redis.HighAvailability.Enabled = true;
    });

    private static V1StatefulSet Shard(string name, int? ready, long? observedGeneration = 1) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Generation = 1 },
        Status = new V1StatefulSetStatus { ObservedGeneration = observedGeneration, ReadyReplicas = ready, Replicas = 3 },
    };

    [Fact]
    public void Names_the_shard_with_reduced_failover_capacity_while_the_backplane_stays_ready()
    {
        var (ready, reason, message) = SentinelShardReadiness.Of(TwoShards, [Shard("chat-redis-0", 3), Shard("chat-redis-1", 2)]);

        Assert.Equal((true, "FailoverCapacityReduced"), (ready, reason));
        Assert.Equal("2/2 Redis shards ready; shard 1 (chat-redis-1): 2 of 3 Redis pods ready (failover capacity reduced)", message);
    }

    [Fact]
    public void A_shard_below_its_quorum_makes_the_backplane_not_ready()
    {
        var (ready, reason, message) = SentinelShardReadiness.Of(TwoShards, [Shard("chat-redis-0", 1), Shard("chat-redis-1", 3)]);

        Assert.Equal((false, "RedisNotReady"), (ready, reason));
        Assert.Equal("1/2 Redis shards ready; shard 0 (chat-redis-0): 1 of 3 Redis pods ready, fewer than the Sentinel quorum of 2 (no failover possible)", message);
    }

    [Fact]
    public void A_statefulset_without_a_status_yet_is_starting_not_down()
    {
        var (ready, reason, _) = SentinelShardReadiness.Of(TwoShards, [Shard("chat-redis-0", null, observedGeneration: null), Shard("chat-redis-1", 3)]);

        Assert.Equal((null, "RedisStarting"), (ready, reason));
    }

    [Fact]
    public void Every_member_ready_in_every_shard_is_ready()
    {
        var (ready, reason, message) = SentinelShardReadiness.Of(TwoShards, [Shard("chat-redis-0", 3), Shard("chat-redis-1", 3)]);

        Assert.Equal((true, "Ready", "2/2 Redis shards ready"), (ready, reason, message));
    }
}
