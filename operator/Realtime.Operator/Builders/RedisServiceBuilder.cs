using k8s.Models;
using Realtime.Operator.Api;

namespace Realtime.Operator.Builders;

/// <summary>The ClusterIP Service of one managed Redis shard.</summary>
internal static class RedisServiceBuilder
{
    public static V1Service Build(RealtimeCluster cluster, int shard)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = ChildMetadata.For(cluster, ChildNames.RedisShard(cluster, shard), ChildLabels.RedisComponent),
            Spec = new V1ServiceSpec
            {
                Type = "ClusterIP",
                Selector = RedisDeploymentBuilder.Selector(cluster, shard),
                Ports = [new V1ServicePort { Name = "redis", Port = RedisTopology.Port, TargetPort = "redis", Protocol = "TCP" }],
            },
        };
    }
}
