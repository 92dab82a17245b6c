using k8s;
using k8s.Models;

namespace Realtime.Operator.Runtime.Watching;

/// <summary>Adapts the generated KubernetesClient list and watch calls of one resource to <see cref="IWatchSource{T}"/>.</summary>
internal sealed class WatchSource<T, TList> : IWatchSource<T>
    where T : IKubernetesObject<V1ObjectMeta>
    where TList : IMetadata<V1ListMeta>, IItems<T>
{
    private readonly Func<CancellationToken, Task<TList>> _list;
    private readonly Func<string, int, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> _watch;

    /// <param name="resource">The resource's name in logs and metrics.</param>
    /// <param name="list">Lists the resource.</param>
    /// <param name="watch">Watches from (resourceVersion, timeoutSeconds, onError); must ask for bookmarks.</param>
    public WatchSource(
        string resource,
        Func<CancellationToken, Task<TList>> list,
        Func<string, int, Action<Exception>, CancellationToken, IAsyncEnumerable<(WatchEventType, T)>> watch)
    {
        Resource = resource;
        _list = list;
        _watch = watch;
    }

    public string Resource { get; }

    public async Task<WatchSnapshot<T>> ListAsync(CancellationToken cancellationToken)
    {
        var result = await _list(cancellationToken);
        return new WatchSnapshot<T>(result.Items?.ToArray() ?? [], result.Metadata?.ResourceVersion ?? "");
    }

    public async IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
        string resourceVersion,
        TimeSpan serverTimeout,
        Action<Exception> onError,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var (type, item) in _watch(resourceVersion, (int)serverTimeout.TotalSeconds, onError, cancellationToken))
        {
            yield return (type, item);
        }
    }
}
