using k8s;
using k8s.Models;

namespace Realtime.Operator.Runtime.Controllers;

/// <summary>
/// Decides which events of a primary resource need a reconcile: new objects, spec changes (a new
/// metadata.generation), deletions in progress, and removals. Status, label and annotation writes keep the
/// generation, so the controller's own status writes do not wake it up again.
/// </summary>
internal sealed class GenerationFilter
{
    private readonly Dictionary<string, long> _lastGeneration = [];
    private readonly object _gate = new();

    public bool ShouldReconcile(WatchEventType type, IKubernetesObject<V1ObjectMeta> item)
    {
        var uid = item.Metadata.Uid ?? $"{item.Metadata.NamespaceProperty}/{item.Metadata.Name}";
        lock (_gate)
        {
            if (type == WatchEventType.Deleted)
            {
                _lastGeneration.Remove(uid);
                return true;
            }

            var generation = item.Metadata.Generation ?? 0;
            var changed = !_lastGeneration.TryGetValue(uid, out var previous) || previous != generation;
            _lastGeneration[uid] = generation;
            return changed || item.Metadata.DeletionTimestamp is not null;
        }
    }
}
