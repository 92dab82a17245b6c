using k8s;
using Realtime.Operator.Api;
using Realtime.Operator.Api.Manifests;
using Realtime.Operator.Builders;

namespace Realtime.Operator.Cli.Render;

/// <summary>The children of each cluster as one multi-document YAML, in the order the controller applies them.</summary>
internal static class ClusterRenderer
{
    /// <param name="redisPassword">Supplies the managed Redis password of a cluster that needs one.</param>
    public static string Render(IEnumerable<RealtimeCluster> clusters, OperatorDefaults defaults, Func<RealtimeCluster, string> redisPassword)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        ArgumentNullException.ThrowIfNull(redisPassword);
        var objects = clusters
            .SelectMany(cluster => DesiredState.Build(cluster, defaults,
                DesiredState.NeedsRedisPassword(cluster) ? redisPassword(cluster) : null))
            .Cast<object>();
        return KubernetesYaml.SerializeAll(objects);
    }
}
