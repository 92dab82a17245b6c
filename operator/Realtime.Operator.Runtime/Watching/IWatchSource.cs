using k8s;
using k8s.Models;

namespace Realtime.Operator.Runtime.Watching;

/// <summary>One list-and-watch endpoint: a resource in one namespace or in all namespaces.</summary>
public interface IWatchSource<T>
    where T : IKubernetesObject<V1ObjectMeta>
{
    /// <summary>Names the resource and scope in logs and metrics, e.g. "apps/v1/deployments".</summary>
    string Resource { get; }

    Task<WatchSnapshot<T>> ListAsync(CancellationToken cancellationToken);

    IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
        string resourceVersion, TimeSpan serverTimeout, Action<Exception> onError, CancellationToken cancellationToken);
}

/// <summary>The items of a list call and the resourceVersion to resume watching from.</summary>
public sealed record WatchSnapshot<T>(IReadOnlyList<T> Items, string ResourceVersion);
