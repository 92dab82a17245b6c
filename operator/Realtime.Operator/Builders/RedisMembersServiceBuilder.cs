using k8s.Models;
using Realtime.Operator.Api;

namespace Realtime.Operator.Builders;

/// <summary>The headless Service that names each Redis pod of a high-availability shard (<c>pod.service</c>).</summary>
internal static class RedisMembersServiceBuilder
{
    public static V1Service Build(RealtimeCluster cluster, int shard)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = ChildMetadata.For(cluster, ChildNames.RedisMembers(cluster, shard), ChildLabels.RedisComponent),
            Spec = new V1ServiceSpec
            {
                ClusterIP = "None",

                // A starting member must find its peers' Sentinels, and Sentinels a master that is not Ready yet.
                PublishNotReadyAddresses = true,
                Selector = RedisDeploymentBuilder.Selector(cluster, shard),
                Ports =
                [
                    new V1ServicePort { Name = "redis", Port = RedisTopology.Port, TargetPort = "redis", Protocol = "TCP" },
                    new V1ServicePort { Name = "sentinel", Port = RedisTopology.SentinelPort, TargetPort = "sentinel", Protocol = "TCP" },
                ],
            },
        };
    }
}
