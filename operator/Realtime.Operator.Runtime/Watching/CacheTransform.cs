using k8s;
using k8s.Models;

namespace Realtime.Operator.Runtime.Watching;

/// <summary>
/// What the watch cache keeps of each object. managedFields is the largest part of most objects' metadata (one
/// field-set tree per manager) and nothing reconciles from it; controller-runtime drops it the same way
/// (pkg/cache.TransformStripManagedFields). The server-side apply answers carry it, so nothing is lost.
/// </summary>
internal static class CacheTransform
{
    public static T StripManagedFields<T>(T item)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        if (item.Metadata is { } metadata)
        {
            metadata.ManagedFields = null;
        }

        return item;
    }
}
