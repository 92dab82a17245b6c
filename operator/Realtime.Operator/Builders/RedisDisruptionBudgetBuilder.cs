using k8s.Models;
using Realtime.Operator.Api;

namespace Realtime.Operator.Builders;

/// <summary>
/// The PodDisruptionBudget of one high-availability shard: a node drain takes one Redis pod at a time, so the
/// Sentinels keep their quorum and a failover never runs while another member is also away.
/// </summary>
internal static class RedisDisruptionBudgetBuilder
{
    public const int MaxUnavailable = 1;

    public static V1PodDisruptionBudget Build(RealtimeCluster cluster, int shard)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return new V1PodDisruptionBudget
        {
            ApiVersion = "policy/v1",
            Kind = "PodDisruptionBudget",
            Metadata = ChildMetadata.For(cluster, ChildNames.RedisShard(cluster, shard), ChildLabels.RedisComponent),
            Spec = new V1PodDisruptionBudgetSpec
            {
                MaxUnavailable = MaxUnavailable,
                Selector = new V1LabelSelector { MatchLabels = RedisDeploymentBuilder.Selector(cluster, shard) },

                // A crash-looping member serves nobody; it must not block a node drain.
                UnhealthyPodEvictionPolicy = "AlwaysAllow",
            },
        };
    }
}
