using k8s.Models;
using Realtime.Operator.Api;

namespace Realtime.Operator.Builders;

/// <summary>The metadata every child starts from: name, namespace, labels and the controller owner reference.</summary>
internal static class ChildMetadata
{
    public static V1ObjectMeta For(RealtimeCluster cluster, string name, string component, IDictionary<string, string>? annotations = null)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = cluster.Metadata.NamespaceProperty,
            Labels = ChildLabels.For(cluster, component),
            Annotations = annotations is { Count: > 0 } ? new Dictionary<string, string>(annotations) : null,
            OwnerReferences = OwnerReferences(cluster),
        };
    }

    /// <summary>
    /// The controller reference, so deletion cascades and tools show the tree. A manifest without a uid (a
    /// file given to <c>render</c>) has no owner to point at yet, so it gets none.
    /// </summary>
    private static List<V1OwnerReference>? OwnerReferences(RealtimeCluster cluster) =>
        string.IsNullOrEmpty(cluster.Metadata.Uid)
            ? null
            :
            [
                new V1OwnerReference
                {
                    ApiVersion = RealtimeCluster.GroupVersion,
                    Kind = RealtimeCluster.KindName,
                    Name = cluster.Metadata.Name,
                    Uid = cluster.Metadata.Uid,
                    Controller = true,
                    BlockOwnerDeletion = true,
                },
            ];
}
