using k8s;
using k8s.Models;
using Realtime.Operator.Api;

namespace Realtime.Operator.Builders.Routing;

/// <summary>The routing object of the chosen provider, or none.</summary>
internal static class RoutingBuilder
{
    public static IKubernetesObject<V1ObjectMeta>? Build(RealtimeCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return cluster.Spec.Routing.Provider switch
        {
            RoutingProvider.IngressNginx => IngressNginxRouting.Build(cluster),
            RoutingProvider.Traefik => TraefikRouting.Build(cluster),
            RoutingProvider.HAProxyIngress => HaproxyIngressRouting.Build(cluster),
            RoutingProvider.GatewayAPI => GatewayApiRouting.Build(cluster),
            RoutingProvider.None => null,
            _ => throw new ArgumentOutOfRangeException(nameof(cluster), cluster.Spec.Routing.Provider, "unknown routing provider"),
        };
    }
}
