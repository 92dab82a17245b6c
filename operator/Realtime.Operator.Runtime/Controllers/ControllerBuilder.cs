using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Realtime.Operator.Runtime.Kinds;
using Realtime.Operator.Runtime.Observability;
using Realtime.Operator.Runtime.Queue;
using Realtime.Operator.Runtime.Watching;

namespace Realtime.Operator.Runtime.Controllers;

/// <summary>Starts a controller declaration, as controller-runtime's <c>builder.ControllerManagedBy(mgr).For(...)</c>.</summary>
public static class ControllerBuilder
{
    /// <summary>A controller whose primary resource (a custom resource) is <typeparamref name="TOwner"/>.</summary>
    public static ControllerBuilder<TOwner> For<TOwner>()
        where TOwner : IKubernetesObject<V1ObjectMeta> => new(ResourceKind.Of<TOwner>());
}

/// <summary>
/// Declares what a controller watches, in the spirit of controller-runtime's pkg/builder/controller.go: the
/// primary kind (<c>For</c>), the kinds it owns (<c>Owns</c>: watched, mapped to their controlling owner through
/// the owner index, cached for the reconciler, pruned by it), the label that selects owned objects, and the
/// namespaces. <see cref="Build"/> wires one term of it: fresh watches, index, cache and queue.
/// </summary>
public sealed class ControllerBuilder<TOwner>
    where TOwner : IKubernetesObject<V1ObjectMeta>
{
    private readonly ResourceKind _owner;
    private readonly List<ResourceKind> _owned = [];
    private IReadOnlyList<string> _namespaces = [];
    private string? _ownedSelector;

    internal ControllerBuilder(ResourceKind owner)
    {
        _owner = owner;
    }

    /// <summary>The owned kinds in registration order.</summary>
    public KindRegistry Kinds => new([.. _owned]);

    /// <summary>Watches <typeparamref name="TChild"/> and reconciles its controlling owner on every change.</summary>
    /// <param name="optional">The resource is served only where an optional CRD is installed; its watch waits for it.</param>
    public ControllerBuilder<TOwner> Owns<TChild>(bool optional = false)
        where TChild : IKubernetesObject<V1ObjectMeta>
    {
        _owned.Add(ResourceKind.Of<TChild>(optional));
        return this;
    }

    /// <summary>Watches only owned objects carrying this label selector, so a namespace's other objects never reach the cache.</summary>
    public ControllerBuilder<TOwner> WithOwnedSelector(string labelSelector)
    {
        _ownedSelector = labelSelector;
        return this;
    }

    /// <summary>One watch per namespace and kind; none given means one watch per kind across all namespaces.</summary>
    public ControllerBuilder<TOwner> InNamespaces(IReadOnlyList<string> namespaces)
    {
        _namespaces = namespaces;
        return this;
    }

    /// <summary>One term: the watches, owner index, cache, controller, and the reconciler built from them.</summary>
    public ControllerManager Build(IKubernetes client, ControllerSettings settings, Func<ControllerContext, IReconciler> reconciler)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var kinds = Kinds;
        var owners = new OwnerIndex(_owner.ApiVersion, _owner.Kind);
        var generations = new GenerationFilter();
        var children = new ChildCache(_namespaces.Count == 0);
        var ownerWatchers = new List<ResourceWatcher<TOwner>>();
        var controller = new Controller(
            created => reconciler(new ControllerContext(kinds, owners, children, created)),
            settings.Controller,
            settings.Metrics,
            settings.Loggers.CreateLogger<Controller>(),
            () => ownerWatchers.SelectMany(watcher => watcher.Items).Select(KeyOf));
        var watchers = new List<IWatcher>();
        foreach (var ns in _namespaces.Count == 0 ? [null] : _namespaces.Select(ns => (string?)ns))
        {
            var ownerWatcher = new ResourceWatcher<TOwner>(
                _owner.WatchObjects<TOwner>(client, ns),
                (type, item) =>
                {
                    if (generations.ShouldReconcile(type, item))
                    {
                        controller.Enqueue(KeyOf(item));
                    }
                },
                settings.Watch,
                settings.Loggers.CreateLogger<ResourceWatcher<TOwner>>(),
                settings.Metrics);
            ownerWatchers.Add(ownerWatcher);
            watchers.Add(ownerWatcher);
            foreach (var kind in kinds.All)
            {
                var childWatcher = new ResourceWatcher<ObjectMetadataOnly>(
                    kind.WatchMetadata(client, ns, new ListSelectors(Label: _ownedSelector)),
                    (type, child) =>
                    {
                        if (owners.Observe(kind.Resource, type, child) is { } owner)
                        {
                            controller.Enqueue(owner);
                        }
                    },
                    settings.Watch with { Optional = kind.Optional },
                    settings.Loggers.CreateLogger<ResourceWatcher<ObjectMetadataOnly>>(),
                    settings.Metrics);
                children.Add(kind, ns, childWatcher);
                watchers.Add(childWatcher);
            }
        }

        return new ControllerManager(watchers, controller, settings.Loggers.CreateLogger<ControllerManager>());
    }

    private static ObjectKey KeyOf(TOwner item) => new(item.Metadata.NamespaceProperty, item.Metadata.Name);
}
