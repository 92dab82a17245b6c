using k8s.Models;
using Realtime.Operator.Api;

namespace Realtime.Operator.Builders;

/// <summary>The ConfigMap with the high-availability Redis pods' start and readiness scripts; it holds no secret.</summary>
internal static class RedisScriptsConfigMapBuilder
{
    public static V1ConfigMap Build(RealtimeCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return new V1ConfigMap
        {
            ApiVersion = "v1",
            Kind = "ConfigMap",
            Metadata = ChildMetadata.For(cluster, ChildNames.RedisScripts(cluster), ChildLabels.RedisComponent),
            Data = new Dictionary<string, string>(RedisScripts.Files),
        };
    }
}
