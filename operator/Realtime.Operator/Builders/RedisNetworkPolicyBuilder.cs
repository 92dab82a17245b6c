using k8s.Models;
using Realtime.Operator.Api;

namespace Realtime.Operator.Builders;

/// <summary>Lets only this cluster's server pods reach its managed Redis.</summary>
public static class RedisNetworkPolicyBuilder
{
    public static V1NetworkPolicy Build(RealtimeCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return new V1NetworkPolicy
        {
            ApiVersion = "networking.k8s.io/v1",
            Kind = "NetworkPolicy",
            Metadata = ChildMetadata.For(cluster, ChildNames.RedisNetworkPolicy(cluster), ChildLabels.RedisComponent),
            Spec = new V1NetworkPolicySpec
            {
                PodSelector = new V1LabelSelector { MatchLabels = ChildLabels.Selector(cluster, ChildLabels.RedisComponent) },
                PolicyTypes = ["Ingress"],
                Ingress =
                [
                    new V1NetworkPolicyIngressRule
                    {
                        FromProperty =
                        [
                            new V1NetworkPolicyPeer
                            {
                                PodSelector = new V1LabelSelector { MatchLabels = ChildLabels.Selector(cluster, ChildLabels.ServerComponent) },
                            },
                        ],
                        Ports = [new V1NetworkPolicyPort { Port = RedisTopology.Port, Protocol = "TCP" }],
                    },
                ],
            },
        };
    }
}
