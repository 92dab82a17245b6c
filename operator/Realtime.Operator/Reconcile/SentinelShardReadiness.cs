using k8s.Models;
using Realtime.Operator.Api;
using Realtime.Operator.Builders;

namespace Realtime.Operator.Reconcile;

/// <summary>
/// RedisReady for high-availability shards, from each StatefulSet's ready pods: a shard with every member ready is
/// healthy; with fewer, but at least the Sentinel quorum, it still fails over and says its capacity to do so is
/// reduced; below the quorum no failover can happen, so the backplane is not ready.
/// </summary>
internal static class SentinelShardReadiness
{
    public static (bool? Ready, string Reason, string Message) Of(RealtimeCluster cluster, IReadOnlyList<V1StatefulSet> statefulSets)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(statefulSets);
        var ha = cluster.Spec.Redis.HighAvailability;
        var total = cluster.Spec.Redis.Shards;
        var problems = new List<string>();
        var readyShards = 0;
        var reduced = false;
        var unreported = false;
        for (var shard = 0; shard < total; shard++)
        {
            var name = ChildNames.RedisShard(cluster, shard);
            var statefulSet = statefulSets.FirstOrDefault(s => s.Metadata.Name == name);
            var ready = statefulSet?.Status?.ReadyReplicas ?? 0;
            if (ready >= ha.Sentinel.Quorum)
            {
                readyShards++;
            }

            if (ready >= ha.Replicas)
            {
                continue;
            }

            // Not reported on yet is not known to be down (see StatusCalculator's single-master shards).
            unreported |= ready < ha.Sentinel.Quorum && statefulSet?.Status?.ObservedGeneration is null;
            reduced |= ready >= ha.Sentinel.Quorum;
            problems.Add(ready >= ha.Sentinel.Quorum
                ? $"shard {shard} ({name}): {ready} of {ha.Replicas} Redis pods ready (failover capacity reduced)"
                : $"shard {shard} ({name}): {ready} of {ha.Replicas} Redis pods ready, fewer than the Sentinel quorum of {ha.Sentinel.Quorum} (no failover possible)");
        }

        var message = $"{readyShards}/{total} Redis shards ready" + (problems.Count > 0 ? $"; {string.Join("; ", problems)}" : "");
        if (readyShards < total)
        {
            return unreported ? (null, "RedisStarting", message) : (false, "RedisNotReady", message);
        }

        return reduced ? (true, "FailoverCapacityReduced", message) : (true, "Ready", message);
    }
}
