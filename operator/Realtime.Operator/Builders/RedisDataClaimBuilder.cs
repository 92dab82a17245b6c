using k8s.Models;
using Realtime.Operator.Api;

namespace Realtime.Operator.Builders;

/// <summary>The volume of one managed Redis shard when persistence is on.</summary>
internal static class RedisDataClaimBuilder
{
    public const string Size = "1Gi";

    public static V1PersistentVolumeClaim Build(RealtimeCluster cluster, int shard)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return new V1PersistentVolumeClaim
        {
            ApiVersion = "v1",
            Kind = "PersistentVolumeClaim",
            Metadata = ChildMetadata.For(cluster, ChildNames.RedisData(cluster, shard), ChildLabels.RedisComponent),
            Spec = new V1PersistentVolumeClaimSpec
            {
                AccessModes = ["ReadWriteOnce"],
                Resources = new V1VolumeResourceRequirements
                {
                    Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new(Size) },
                },
            },
        };
    }
}
