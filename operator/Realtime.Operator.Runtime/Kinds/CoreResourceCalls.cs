using System.Runtime.CompilerServices;
using k8s;
using k8s.Models;
using Realtime.Operator.Runtime.Watching;

namespace Realtime.Operator.Runtime.Kinds;

/// <summary>
/// The typed calls of the core group (/api/v1) the controllers use. The CustomObjects calls cannot reach them
/// (they build /apis/{group}/...), so each core resource names its generated calls here, once.
/// </summary>
internal sealed class CoreResourceCalls
{
    private static readonly Dictionary<string, CoreResourceCalls> ByPlural = new()
    {
        ["secrets"] = Of<V1Secret, V1SecretList>(
            (c, patch, name, ns, manager, ct) => c.CoreV1.PatchNamespacedSecretAsync(patch, name, ns, fieldManager: manager, force: true, cancellationToken: ct),
            (c, name, ns, ct) => c.CoreV1.DeleteNamespacedSecretAsync(name, ns, cancellationToken: ct),
            (c, ns, s, ct) => ns is null
                ? c.CoreV1.ListSecretForAllNamespacesAsync(labelSelector: s.Label, fieldSelector: s.Field, cancellationToken: ct)
                : c.CoreV1.ListNamespacedSecretAsync(ns, labelSelector: s.Label, fieldSelector: s.Field, cancellationToken: ct),
            (c, ns, s, rv, timeout, onError, ct) => ns is null
                ? c.CoreV1.WatchListSecretForAllNamespacesAsync(allowWatchBookmarks: true, labelSelector: s.Label, fieldSelector: s.Field, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)
                : c.CoreV1.WatchListNamespacedSecretAsync(ns, allowWatchBookmarks: true, labelSelector: s.Label, fieldSelector: s.Field, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)),
        ["configmaps"] = Of<V1ConfigMap, V1ConfigMapList>(
            (c, patch, name, ns, manager, ct) => c.CoreV1.PatchNamespacedConfigMapAsync(patch, name, ns, fieldManager: manager, force: true, cancellationToken: ct),
            (c, name, ns, ct) => c.CoreV1.DeleteNamespacedConfigMapAsync(name, ns, cancellationToken: ct),
            (c, ns, s, ct) => ns is null
                ? c.CoreV1.ListConfigMapForAllNamespacesAsync(labelSelector: s.Label, fieldSelector: s.Field, cancellationToken: ct)
                : c.CoreV1.ListNamespacedConfigMapAsync(ns, labelSelector: s.Label, fieldSelector: s.Field, cancellationToken: ct),
            (c, ns, s, rv, timeout, onError, ct) => ns is null
                ? c.CoreV1.WatchListConfigMapForAllNamespacesAsync(allowWatchBookmarks: true, labelSelector: s.Label, fieldSelector: s.Field, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)
                : c.CoreV1.WatchListNamespacedConfigMapAsync(ns, allowWatchBookmarks: true, labelSelector: s.Label, fieldSelector: s.Field, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)),
        ["services"] = Of<V1Service, V1ServiceList>(
            (c, patch, name, ns, manager, ct) => c.CoreV1.PatchNamespacedServiceAsync(patch, name, ns, fieldManager: manager, force: true, cancellationToken: ct),
            (c, name, ns, ct) => c.CoreV1.DeleteNamespacedServiceAsync(name, ns, cancellationToken: ct),
            (c, ns, s, ct) => ns is null
                ? c.CoreV1.ListServiceForAllNamespacesAsync(labelSelector: s.Label, fieldSelector: s.Field, cancellationToken: ct)
                : c.CoreV1.ListNamespacedServiceAsync(ns, labelSelector: s.Label, fieldSelector: s.Field, cancellationToken: ct),
            (c, ns, s, rv, timeout, onError, ct) => ns is null
                ? c.CoreV1.WatchListServiceForAllNamespacesAsync(allowWatchBookmarks: true, labelSelector: s.Label, fieldSelector: s.Field, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)
                : c.CoreV1.WatchListNamespacedServiceAsync(ns, allowWatchBookmarks: true, labelSelector: s.Label, fieldSelector: s.Field, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)),
        ["persistentvolumeclaims"] = Of<V1PersistentVolumeClaim, V1PersistentVolumeClaimList>(
            (c, patch, name, ns, manager, ct) => c.CoreV1.PatchNamespacedPersistentVolumeClaimAsync(patch, name, ns, fieldManager: manager, force: true, cancellationToken: ct),
            (c, name, ns, ct) => c.CoreV1.DeleteNamespacedPersistentVolumeClaimAsync(name, ns, cancellationToken: ct),
            (c, ns, s, ct) => ns is null
                ? c.CoreV1.ListPersistentVolumeClaimForAllNamespacesAsync(labelSelector: s.Label, fieldSelector: s.Field, cancellationToken: ct)
                : c.CoreV1.ListNamespacedPersistentVolumeClaimAsync(ns, labelSelector: s.Label, fieldSelector: s.Field, cancellationToken: ct),
            (c, ns, s, rv, timeout, onError, ct) => ns is null
                ? c.CoreV1.WatchListPersistentVolumeClaimForAllNamespacesAsync(allowWatchBookmarks: true, labelSelector: s.Label, fieldSelector: s.Field, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)
                : c.CoreV1.WatchListNamespacedPersistentVolumeClaimAsync(ns, allowWatchBookmarks: true, labelSelector: s.Label, fieldSelector: s.Field, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)),
    };

    private CoreResourceCalls(
        Func<IKubernetes, V1Patch, string, string, string, CancellationToken, Task<object>> apply,
        Func<IKubernetes, string, string, CancellationToken, Task> delete,
        Func<IKubernetes, string, string?, ListSelectors, IWatchSource<ObjectMetadataOnly>> watch)
    {
        Apply = apply;
        Delete = delete;
        Watch = watch;
    }

    /// <summary>(client, patch, name, namespace, field manager) → the applied object.</summary>
    public Func<IKubernetes, V1Patch, string, string, string, CancellationToken, Task<object>> Apply { get; }

    /// <summary>(client, name, namespace).</summary>
    public Func<IKubernetes, string, string, CancellationToken, Task> Delete { get; }

    /// <summary>(client, resource name, namespace or null for all, selectors) → a metadata-only watch.</summary>
    public Func<IKubernetes, string, string?, ListSelectors, IWatchSource<ObjectMetadataOnly>> Watch { get; }

    public static CoreResourceCalls? For(string plural) => ByPlural.GetValueOrDefault(plural);

    private static CoreResourceCalls Of<T, TList>(
        Func<IKubernetes, V1Patch, string, string, string, CancellationToken, Task<T>> apply,
        Func<IKubernetes, string, string, CancellationToken, Task> delete,
        Func<IKubernetes, string?, ListSelectors, CancellationToken, Task<TList>> list,
        Func<IKubernetes, string?, ListSelectors, string, int, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> watch)
        where T : IKubernetesObject<V1ObjectMeta>
        where TList : IMetadata<V1ListMeta>, IItems<T> =>
        new(
            async (client, patch, name, ns, manager, ct) => await apply(client, patch, name, ns, manager, ct),
            delete,
            (client, resource, ns, selectors) => new WatchSource<ObjectMetadataOnly, MetadataList>(
                resource,
                async ct =>
                {
                    var result = await list(client, ns, selectors, ct);
                    return new MetadataList { Metadata = result.Metadata, Items = [.. (result.Items ?? []).Select(item => ObjectMetadataOnly.From(item))] };
                },
                (rv, timeout, onError, ct) => Reduce(watch(client, ns, selectors, rv, timeout, onError, ct), ct)));

    private static async IAsyncEnumerable<(WatchEventType, ObjectMetadataOnly)> Reduce<T>(
        IAsyncEnumerable<(WatchEventType Type, T Object)> events, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        await foreach (var (type, item) in events.WithCancellation(cancellationToken))
        {
            yield return (type, ObjectMetadataOnly.From(item));
        }
    }

    private sealed class MetadataList : IMetadata<V1ListMeta>, IItems<ObjectMetadataOnly>
    {
        public V1ListMeta Metadata { get; set; } = new();

        public IList<ObjectMetadataOnly> Items { get; set; } = [];
    }
}
