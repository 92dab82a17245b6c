using k8s.Models;
using Realtime.Operator.Api;

namespace Realtime.Operator.Builders;

/// <summary>
/// Lets only this cluster's server pods, and the client pods the spec names, reach its managed Redis; with high
/// availability also its Sentinels, and the Redis pods each other (replication, Sentinel's checks and gossip).
/// </summary>
internal static class RedisNetworkPolicyBuilder
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
                Ingress = RedisTopology.IsHighlyAvailable(cluster)
                    ?
                    [
                        new V1NetworkPolicyIngressRule { FromProperty = Peers(cluster), Ports = RedisAndSentinel() },
                        new V1NetworkPolicyIngressRule
                        {
                            FromProperty = [new V1NetworkPolicyPeer { PodSelector = new V1LabelSelector { MatchLabels = ChildLabels.Selector(cluster, ChildLabels.RedisComponent) } }],
                            Ports = RedisAndSentinel(),
                        },
                    ]
                    :
                    [
                        new V1NetworkPolicyIngressRule
                        {
                            FromProperty = Peers(cluster),
                            Ports = [new V1NetworkPolicyPort { Port = RedisTopology.Port, Protocol = "TCP" }],
                        },
                    ],
            },
        };
    }

    private static List<V1NetworkPolicyPort> RedisAndSentinel() =>
    [
        new() { Port = RedisTopology.Port, Protocol = "TCP" },
        new() { Port = RedisTopology.SentinelPort, Protocol = "TCP" },
    ];

    /// <summary>The server pods, and the emitters the user names (workers publishing to the app's clients).</summary>
    private static List<V1NetworkPolicyPeer> Peers(RealtimeCluster cluster)
    {
        var peers = new List<V1NetworkPolicyPeer>
        {
            new() { PodSelector = new V1LabelSelector { MatchLabels = ChildLabels.Selector(cluster, ChildLabels.ServerComponent) } },
        };
        if (cluster.Spec.Redis.ClientPodSelector is { } clients)
        {
            peers.Add(new V1NetworkPolicyPeer { PodSelector = clients });
        }

        return peers;
    }
}
