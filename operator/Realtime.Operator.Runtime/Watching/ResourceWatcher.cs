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
    private readonly IWatchSource<T> _source;
    private readonly Action<WatchEventType, T> _handler;
    private readonly WatcherOptions _options;
    private readonly OperatorMetrics? _metrics;
    private readonly ILogger _logger;
    private readonly Dictionary<ObjectKey, T> _store = [];
    private readonly object _storeGate = new();
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ResourceWatcher(
        IWatchSource<T> source,
        Action<WatchEventType, T> handler,
        WatcherOptions options,
        ILogger logger,
        OperatorMetrics? metrics = null,
        TimeProvider? time = null)
    {
        _source = source;
        _handler = handler;
        _options = options;
        _logger = logger;
        _metrics = metrics;
        Health = new WatchHealth(time ?? TimeProvider.System, options.UnhealthyAfter);
        metrics?.AddWatch(source.Resource);
    }

    public string Resource => _source.Resource;

    public WatchHealth Health { get; }

    /// <summary>Completes when the first list has been delivered to the handler.</summary>
    public Task Synced => _synced.Task;

    public IReadOnlyList<T> Items
    {
        get
        {
            lock (_storeGate)
            {
                return [.. _store.Values];
            }
        }
    }

    /// <summary>The cached copy of one object, if the watch has seen it.</summary>
    public T? TryGet(string ns, string name)
    {
        lock (_storeGate)
        {
            return _store.GetValueOrDefault(new ObjectKey(ns, name));
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
            catch (HttpOperationException error) when (_options.Optional && error.Response.StatusCode == HttpStatusCode.NotFound)
            {
                resourceVersion = null;
                ForgetAll();
                _synced.TrySetResult();
                Health.MarkProgress();
                WatchLog.NotServed(_logger, Resource, _options.RetryCap);
                if (!await DelayAsync(_options.RetryCap, cancellationToken))
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
                    _options.RetryInitial.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 20)),
                    _options.RetryCap.TotalMilliseconds));
                WatchLog.WatchFailed(_logger, error, Resource, failures, delay);
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
        lock (_storeGate)
        {
            removed = [.. _store.Values];
            _store.Clear();
        }

        foreach (var item in removed)
        {
            _handler(WatchEventType.Deleted, item);
        }
    }

    private async Task<string> RelistAsync(CancellationToken cancellationToken)
    {
        var snapshot = await _source.ListAsync(cancellationToken);
        Health.MarkProgress();
        var seen = new HashSet<ObjectKey>();
        foreach (var listed in snapshot.Items)
        {
            var item = CacheTransform.StripManagedFields(listed);
            var key = KeyOf(item);
            seen.Add(key);
            bool existed;
            lock (_storeGate)
            {
                existed = _store.ContainsKey(key);
                _store[key] = item;
            }

            _handler(existed ? WatchEventType.Modified : WatchEventType.Added, item);
        }

        List<T> vanished;
        lock (_storeGate)
        {
            vanished = [.. _store.Where(entry => !seen.Contains(entry.Key)).Select(entry => entry.Value)];
            foreach (var item in vanished)
            {
                _store.Remove(KeyOf(item));
            }
        }

        foreach (var item in vanished)
        {
            _handler(WatchEventType.Deleted, item);
        }

        _synced.TrySetResult();
        return snapshot.ResourceVersion;
    }

    private async Task<WatchOutcome> WatchOnceAsync(string resourceVersion, CancellationToken cancellationToken)
    {
        using var silence = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        silence.CancelAfter(_options.SilenceTimeout);
        Exception? streamError = null;
        try
        {
            await foreach (var (type, item) in _source.WatchAsync(resourceVersion, _options.ServerTimeout, error => streamError ??= error, silence.Token))
            {
                silence.CancelAfter(_options.SilenceTimeout);
                Health.MarkProgress();
                _metrics?.WatchEventReceived(Resource, type.ToString());
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
            WatchLog.Silent(_logger, Resource, _options.SilenceTimeout);
            return new WatchOutcome(resourceVersion, "timeout");
        }

        if (streamError is not null)
        {
            // The API server reports an expired resourceVersion as an ERROR event carrying a 410 Status.
            if (IsGone(streamError))
            {
                WatchLog.Expired(_logger, Resource);
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
        lock (_storeGate)
        {
            if (type == WatchEventType.Deleted)
            {
                _store.Remove(key);
            }
            else
            {
                _store[key] = item;
            }
        }

        _handler(type, item);
    }

    private void CountRestart(string reason)
    {
        _metrics?.WatchRestarted(Resource, reason);
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
