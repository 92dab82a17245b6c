using System.Runtime.CompilerServices;
using k8s;
using k8s.Models;
using Realtime.Operator.Runtime.Watching;

namespace Realtime.Operator.Reconcile;

/// <summary>Watches of the core (group "") child kinds through their typed calls, reduced to <see cref="ChildObject"/>.</summary>
internal static class CoreChildWatchSource
{
    private const string Selector = ChildKind.WatchSelector;

    public static IWatchSource<ChildObject> Create(IKubernetes client, string plural, string? ns) => plural switch
    {
        "secrets" => Source<V1Secret, V1SecretList>(
            $"v1/{plural}",
            ct => ns is null
                ? client.CoreV1.ListSecretForAllNamespacesAsync(labelSelector: Selector, cancellationToken: ct)
                : client.CoreV1.ListNamespacedSecretAsync(ns, labelSelector: Selector, cancellationToken: ct),
            (rv, timeout, onError, ct) => ns is null
                ? client.CoreV1.WatchListSecretForAllNamespacesAsync(allowWatchBookmarks: true, labelSelector: Selector, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)
                : client.CoreV1.WatchListNamespacedSecretAsync(ns, allowWatchBookmarks: true, labelSelector: Selector, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)),
        "configmaps" => Source<V1ConfigMap, V1ConfigMapList>(
            $"v1/{plural}",
            ct => ns is null
                ? client.CoreV1.ListConfigMapForAllNamespacesAsync(labelSelector: Selector, cancellationToken: ct)
                : client.CoreV1.ListNamespacedConfigMapAsync(ns, labelSelector: Selector, cancellationToken: ct),
            (rv, timeout, onError, ct) => ns is null
                ? client.CoreV1.WatchListConfigMapForAllNamespacesAsync(allowWatchBookmarks: true, labelSelector: Selector, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)
                : client.CoreV1.WatchListNamespacedConfigMapAsync(ns, allowWatchBookmarks: true, labelSelector: Selector, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)),
        "services" => Source<V1Service, V1ServiceList>(
            $"v1/{plural}",
            ct => ns is null
                ? client.CoreV1.ListServiceForAllNamespacesAsync(labelSelector: Selector, cancellationToken: ct)
                : client.CoreV1.ListNamespacedServiceAsync(ns, labelSelector: Selector, cancellationToken: ct),
            (rv, timeout, onError, ct) => ns is null
                ? client.CoreV1.WatchListServiceForAllNamespacesAsync(allowWatchBookmarks: true, labelSelector: Selector, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)
                : client.CoreV1.WatchListNamespacedServiceAsync(ns, allowWatchBookmarks: true, labelSelector: Selector, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)),
        "persistentvolumeclaims" => Source<V1PersistentVolumeClaim, V1PersistentVolumeClaimList>(
            $"v1/{plural}",
            ct => ns is null
                ? client.CoreV1.ListPersistentVolumeClaimForAllNamespacesAsync(labelSelector: Selector, cancellationToken: ct)
                : client.CoreV1.ListNamespacedPersistentVolumeClaimAsync(ns, labelSelector: Selector, cancellationToken: ct),
            (rv, timeout, onError, ct) => ns is null
                ? client.CoreV1.WatchListPersistentVolumeClaimForAllNamespacesAsync(allowWatchBookmarks: true, labelSelector: Selector, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)
                : client.CoreV1.WatchListNamespacedPersistentVolumeClaimAsync(ns, allowWatchBookmarks: true, labelSelector: Selector, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)),
        _ => throw new NotSupportedException($"no watch for core resource {plural}"),
    };

    /// <summary>
    /// The watch of one Secret by name (fieldSelector metadata.name), whether it exists yet or not, and whatever
    /// its labels: a Secret the spec references is the user's and carries none of ours.
    /// </summary>
    public static IWatchSource<ChildObject> NamedSecret(IKubernetes client, string ns, string name)
    {
        var byName = $"metadata.name={name}";
        return Source<V1Secret, V1SecretList>(
            $"v1/secrets/{ns}/{name}",
            ct => client.CoreV1.ListNamespacedSecretAsync(ns, fieldSelector: byName, cancellationToken: ct),
            (rv, timeout, onError, ct) => client.CoreV1.WatchListNamespacedSecretAsync(ns, allowWatchBookmarks: true, fieldSelector: byName, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct));
    }

    private static WatchSource<ChildObject, ChildList> Source<T, TList>(
        string resource,
        Func<CancellationToken, Task<TList>> list,
        Func<string, int, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> watch)
        where T : IKubernetesObject<V1ObjectMeta>
        where TList : IMetadata<V1ListMeta>, IItems<T> =>
        new(
            resource,
            async ct =>
            {
                var result = await list(ct);
                return new ChildList { Metadata = result.Metadata, Items = [.. (result.Items ?? []).Select(item => ChildObject.From(item))] };
            },
            (rv, timeout, onError, ct) => Reduce(watch(rv, timeout, onError, ct), ct));

    private static async IAsyncEnumerable<(WatchEventType, ChildObject)> Reduce<T>(
        IAsyncEnumerable<(WatchEventType Type, T Object)> events, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        await foreach (var (type, item) in events.WithCancellation(cancellationToken))
        {
            yield return (type, ChildObject.From(item));
        }
    }

    private sealed class ChildList : IMetadata<V1ListMeta>, IItems<ChildObject>
    {
        public V1ListMeta Metadata { get; set; } = new();

        public IList<ChildObject> Items { get; set; } = [];
    }
}
