using System.Runtime.CompilerServices;
using System.Text.Json;
using k8s;
using k8s.Models;

namespace Realtime.Operator.Runtime.Watching;

/// <summary>List and watch sources for custom resources (group/version/plural) through the CustomObjects API.</summary>
internal static class CustomObjectWatchSource
{
    /// <param name="namespace">One namespace, or null for all namespaces.</param>
    /// <param name="labelSelector">Limits the watch to matching objects, or null for all.</param>
    /// <param name="fieldSelector">Limits the watch to objects whose fields match, or null for all.</param>
    /// <param name="resource">The watch's name in logs and metrics; group/version/plural unless given.</param>
    public static IWatchSource<T> Create<T>(IKubernetes client, string group, string version, string plural, string? @namespace, string? labelSelector = null, string? fieldSelector = null, string? resource = null)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        resource ??= $"{group}/{version}/{plural}";
        if (@namespace is null)
        {
            return new WatchSource<T, CustomObjectList<T>>(
                resource,
                ct => client.CustomObjects.ListClusterCustomObjectAsync<CustomObjectList<T>>(group, version, plural, labelSelector: labelSelector, fieldSelector: fieldSelector, cancellationToken: ct),
                (rv, timeout, onError, ct) => Typed<T>(client.CustomObjects.WatchListClusterCustomObjectAsync(
                    group, version, plural, allowWatchBookmarks: true, fieldSelector: fieldSelector, labelSelector: labelSelector, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)));
        }

        return new WatchSource<T, CustomObjectList<T>>(
            resource,
            ct => client.CustomObjects.ListNamespacedCustomObjectAsync<CustomObjectList<T>>(group, version, @namespace, plural, labelSelector: labelSelector, fieldSelector: fieldSelector, cancellationToken: ct),
            (rv, timeout, onError, ct) => Typed<T>(client.CustomObjects.WatchListNamespacedCustomObjectAsync(
                group, version, @namespace, plural, allowWatchBookmarks: true, fieldSelector: fieldSelector, labelSelector: labelSelector, resourceVersion: rv, timeoutSeconds: timeout, onError: onError, cancellationToken: ct)));
    }

    private static async IAsyncEnumerable<(WatchEventType, T)> Typed<T>(
        IAsyncEnumerable<(WatchEventType Type, object Object)> events, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await foreach (var (type, item) in events.WithCancellation(cancellationToken))
        {
            var typed = item switch
            {
                T already => already,
                JsonElement json => KubernetesJson.Deserialize<T>(json),
                _ => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(item)),
            };
            yield return (type, typed);
        }
    }
}
