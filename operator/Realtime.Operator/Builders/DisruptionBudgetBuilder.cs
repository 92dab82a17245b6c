using k8s.Models;
using Realtime.Operator.Api;

namespace Realtime.Operator.Builders;

/// <summary>The PodDisruptionBudget that paces node drains over the server pods.</summary>
internal static class DisruptionBudgetBuilder
{
    public static V1PodDisruptionBudget Build(RealtimeCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return new V1PodDisruptionBudget
        {
            ApiVersion = "policy/v1",
            Kind = "PodDisruptionBudget",
            Metadata = ChildMetadata.For(cluster, ChildNames.Server(cluster), ChildLabels.ServerComponent),
            Spec = new V1PodDisruptionBudgetSpec
            {
                MaxUnavailable = cluster.Spec.Disruption.MaxUnavailable,
                Selector = new V1LabelSelector { MatchLabels = ChildLabels.Selector(cluster, ChildLabels.ServerComponent) },

                // A crash-looping pod serves nobody; it must not block a node drain.
                UnhealthyPodEvictionPolicy = "AlwaysAllow",
            },
        };
    }
}
