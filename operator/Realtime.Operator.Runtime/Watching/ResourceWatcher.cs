using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Realtime.Operator.Runtime.Observability;
using Realtime.Operator.Runtime.Queue;

namespace Realtime.Operator.Runtime.Watching;

/// <summary>
/// Keeps a local copy of one resource current: list, then watch from the list's resourceVersion, resume from the
/// last seen resourceVersion (bookmarks included) when the watch ends, re-list on 410 Gone, and reopen a watch that
/// stays silent longer than the silence timeout. Every change reaches the handler as Added, Modified or Deleted;
/// a re-list reports objects that vanished meanwhile as Deleted.
/// </summary>
public sealed class ResourceWatcher<T> : IWatcher
    where T : IKubernetesObject<V1ObjectMeta>
{
    private readonly IWatchSource<T> source;
    private readonly Action<WatchEventType, T> handler;
    private readonly WatcherOptions options;
    private readonly OperatorMetrics? metrics;
    private readonly ILogger logger;
    private readonly Dictionary<ObjectKey, T> store = [];
    private readonly object storeGate = new();
    private readonly TaskCompletionSource synced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ResourceWatcher(
        IWatchSource<T> source,
        Action<WatchEventType, T> handler,
        WatcherOptions options,
        ILogger logger,
        OperatorMetrics? metrics = null,
        TimeProvider? time = null)
    {
        this.source = source;
        this.handler = handler;
        this.options = options;
        this.logger = logger;
        this.metrics = metrics;
        Health = new WatchHealth(time ?? TimeProvider.System, options.UnhealthyAfter);
        metrics?.AddWatch(source.Resource);
    }

    public string Resource => source.Resource;

    public WatchHealth Health { get; }

    /// <summary>Completes when the first list has been delivered to the handler.</summary>
    public Task Synced => synced.Task;

    public IReadOnlyList<T> Items
    {
        get
        {
            lock (storeGate)
            {
                return [.. store.Values];
            }
        }
    }

    /// <summary>The cached copy of one object, if the watch has seen it.</summary>
    public T? TryGet(string ns, string name)
    {
        lock (storeGate)
        {
            return store.GetValueOrDefault(new ObjectKey(ns, name));
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        string? resourceVersion = null;
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                resourceVersion ??= await RelistAsync(cancellationToken);
                failures = 0;
                var outcome = await WatchOnceAsync(resourceVersion, cancellationToken);
                resourceVersion = outcome.ResourceVersion;
                CountRestart(outcome.Reason);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (HttpOperationException error) when (options.Optional && error.Response.StatusCode == HttpStatusCode.NotFound)
            {
                resourceVersion = null;
                ForgetAll();
                synced.TrySetResult();
                Health.MarkProgress();
                WatchLog.NotServed(logger, Resource, options.RetryCap);
                if (!await DelayAsync(options.RetryCap, cancellationToken))
                {
                    return;
                }
            }
            catch (Exception error) when (IsGone(error))
            {
                resourceVersion = null;
                CountRestart("gone");
            }
            catch (Exception error)
            {
                failures++;
                CountRestart("error");
                var delay = TimeSpan.FromMilliseconds(Math.Min(
                    options.RetryInitial.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 20)),
                    options.RetryCap.TotalMilliseconds));
                WatchLog.WatchFailed(logger, error, Resource, failures, delay);
                if (!await DelayAsync(delay, cancellationToken))
                {
                    return;
                }
            }
        }
    }

    private static async Task<bool> DelayAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, cancellationToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private void ForgetAll()
    {
        List<T> removed;
        lock (storeGate)
        {
            removed = [.. store.Values];
            store.Clear();
        }

        foreach (var item in removed)
        {
            handler(WatchEventType.Deleted, item);
        }
    }

    private async Task<string> RelistAsync(CancellationToken cancellationToken)
    {
        var snapshot = await source.ListAsync(cancellationToken);
        Health.MarkProgress();
        var seen = new HashSet<ObjectKey>();
        foreach (var listed in snapshot.Items)
        {
            var item = CacheTransform.StripManagedFields(listed);
            var key = KeyOf(item);
            seen.Add(key);
            bool existed;
            lock (storeGate)
            {
                existed = store.ContainsKey(key);
                store[key] = item;
            }

            handler(existed ? WatchEventType.Modified : WatchEventType.Added, item);
        }

        List<T> vanished;
        lock (storeGate)
        {
            vanished = [.. store.Where(entry => !seen.Contains(entry.Key)).Select(entry => entry.Value)];
            foreach (var item in vanished)
            {
                store.Remove(KeyOf(item));
            }
        }

        foreach (var item in vanished)
        {
            handler(WatchEventType.Deleted, item);
        }

        synced.TrySetResult();
        return snapshot.ResourceVersion;
    }

    private async Task<WatchOutcome> WatchOnceAsync(string resourceVersion, CancellationToken cancellationToken)
    {
        using var silence = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        silence.CancelAfter(options.SilenceTimeout);
        Exception? streamError = null;
        try
        {
            await foreach (var (type, item) in source.WatchAsync(resourceVersion, options.ServerTimeout, error => streamError ??= error, silence.Token))
            {
                silence.CancelAfter(options.SilenceTimeout);
                Health.MarkProgress();
                metrics?.WatchEventReceived(Resource, type.ToString());
                if (item.Metadata?.ResourceVersion is { Length: > 0 } latest)
                {
                    resourceVersion = latest;
                }

                if (type != WatchEventType.Bookmark && type != WatchEventType.Error)
                {
                    Apply(type, CacheTransform.StripManagedFields(item));
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            WatchLog.Silent(logger, Resource, options.SilenceTimeout);
            return new WatchOutcome(resourceVersion, "timeout");
        }

        if (streamError is not null)
        {
            // The API server reports an expired resourceVersion as an ERROR event carrying a 410 Status.
            if (IsGone(streamError))
            {
                WatchLog.Expired(logger, Resource);
                return new WatchOutcome(null, "gone");
            }

            throw new InvalidOperationException($"watch of {Resource} reported an error", streamError);
        }

        Health.MarkProgress();
        return new WatchOutcome(resourceVersion, "closed");
    }

    private void Apply(WatchEventType type, T item)
    {
        var key = KeyOf(item);
        lock (storeGate)
        {
            if (type == WatchEventType.Deleted)
            {
                store.Remove(key);
            }
            else
            {
                store[key] = item;
            }
        }

        handler(type, item);
    }

    private void CountRestart(string reason)
    {
        metrics?.WatchRestarted(Resource, reason);
    }

    private static ObjectKey KeyOf(T item) => new(item.Metadata.NamespaceProperty ?? "", item.Metadata.Name);

    private static bool IsGone(Exception error) => error switch
    {
        KubernetesException { Status.Code: (int)HttpStatusCode.Gone } => true,
        HttpOperationException { Response.StatusCode: HttpStatusCode.Gone } => true,
        InvalidOperationException { InnerException: { } inner } => IsGone(inner),
        _ => false,
    };

    private sealed record WatchOutcome(string? ResourceVersion, string Reason);
}
