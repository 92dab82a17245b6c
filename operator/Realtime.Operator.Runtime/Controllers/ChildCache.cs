using Realtime.Operator.Runtime.Kinds;
using Realtime.Operator.Runtime.Watching;

namespace Realtime.Operator.Runtime.Controllers;

/// <summary>
/// The owned objects as the child watches last saw them, looked up by kind, namespace and name: one watch per
/// kind and watched namespace, or one per kind across all namespaces.
/// </summary>
public sealed class ChildCache
{
    private readonly Dictionary<(string Resource, string? Namespace), ResourceWatcher<ObjectMetadataOnly>> _watchers = [];
    private readonly bool _allNamespaces;

    internal ChildCache(bool allNamespaces)
    {
        _allNamespaces = allNamespaces;
    }

    public ObjectMetadataOnly? TryGet(ResourceKind kind, string ns, string name) =>
        _watchers.TryGetValue((kind.Resource, _allNamespaces ? null : ns), out var watcher) ? watcher.TryGet(ns, name) : null;

    internal void Add(ResourceKind kind, string? ns, ResourceWatcher<ObjectMetadataOnly> watcher) => _watchers[(kind.Resource, ns)] = watcher;
}
