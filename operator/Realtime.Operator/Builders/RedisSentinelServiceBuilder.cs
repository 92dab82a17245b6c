using k8s.Models;
using Realtime.Operator.Api;

namespace Realtime.Operator.Builders;

/// <summary>One address for a high-availability shard's Sentinels, for clients that take a single Sentinel host.</summary>
internal static class RedisSentinelServiceBuilder
{
    public static V1Service Build(RealtimeCluster cluster, int shard)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = ChildMetadata.For(cluster, ChildNames.RedisSentinel(cluster, shard), ChildLabels.RedisComponent),
            Spec = new V1ServiceSpec
            {
                Type = "ClusterIP",
                Selector = RedisDeploymentBuilder.Selector(cluster, shard),
                Ports = [new V1ServicePort { Name = "sentinel", Port = RedisTopology.SentinelPort, TargetPort = "sentinel", Protocol = "TCP" }],
            },
        };
    }
}
