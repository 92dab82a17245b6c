using k8s;
using k8s.Models;
using Realtime.Operator.Runtime.Queue;

namespace Realtime.Operator.Runtime.Controllers;

/// <summary>
/// Maps owned objects to their controlling owner, from the child watches: a child event tells which owner to
/// enqueue, and the index tells a reconcile which children exist (so that it can prune the ones no longer desired).
/// </summary>
public sealed class OwnerIndex(string ownerApiVersion, string ownerKind)
{
    private readonly Dictionary<string, HashSet<ChildRef>> _childrenByOwnerUid = [];
    private readonly Dictionary<ChildRef, string> _ownerUidByChild = [];
    private readonly object _gate = new();

    /// <summary>Records the child (or its removal) and returns the key of its controlling owner of the watched kind, if any.</summary>
    public ObjectKey? Observe(string resource, WatchEventType type, IKubernetesObject<V1ObjectMeta> child)
    {
        var owner = child.Metadata.OwnerReferences?.FirstOrDefault(reference =>
            reference.Controller == true && reference.Kind == ownerKind && reference.ApiVersion == ownerApiVersion);
        var childRef = new ChildRef(resource, child.Metadata.NamespaceProperty ?? "", child.Metadata.Name);
        lock (_gate)
        {
            if (_ownerUidByChild.Remove(childRef, out var previousOwner) && _childrenByOwnerUid.TryGetValue(previousOwner, out var previousSet))
            {
                previousSet.Remove(childRef);
                if (previousSet.Count == 0)
                {
                    _childrenByOwnerUid.Remove(previousOwner);
                }
            }

            if (owner is not null && type != WatchEventType.Deleted)
            {
                _ownerUidByChild[childRef] = owner.Uid;
                if (!_childrenByOwnerUid.TryGetValue(owner.Uid, out var set))
                {
                    set = [];
                    _childrenByOwnerUid[owner.Uid] = set;
                }

                set.Add(childRef);
            }
        }

        return owner is null ? null : new ObjectKey(childRef.Namespace, owner.Name);
    }

    public IReadOnlyList<ChildRef> ChildrenOf(string ownerUid)
    {
        lock (_gate)
        {
            return _childrenByOwnerUid.TryGetValue(ownerUid, out var set) ? [.. set] : [];
        }
    }
}

/// <summary>One owned object: its resource (as named by its watch source), namespace and name.</summary>
public readonly record struct ChildRef(string Resource, string Namespace, string Name);
