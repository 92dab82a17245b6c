using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Realtime.Operator.Runtime.Kinds;
using Realtime.Operator.Runtime.Observability;
using Realtime.Operator.Runtime.Queue;
using Realtime.Operator.Runtime.Watching;

namespace Realtime.Operator.Reconcile;

/// <summary>
/// Reconciles the clusters that reference a Secret (socketio.apiTokenSecretRef, redis.urlSecretRef) when it is
/// created, changed or deleted. One watch per referenced (namespace, name), selected by field metadata.name, runs
/// while at least one cluster references it. Chosen over watching every Secret in the watched namespaces: the
/// operator would then receive, and hold in memory, the content of every Secret there, none of its business; a
/// user's Secret carries none of our labels, so the label-selected watch of owned Secrets never sees it.
/// </summary>
internal sealed class ReferencedSecretWatches(IKubernetes client, WatcherOptions options, Action<ObjectKey> enqueue, ILoggerFactory loggers, OperatorMetrics? metrics, CancellationToken term)
{
    private static readonly ResourceKind SecretKind = ResourceKind.Of<V1Secret>();
    private readonly object _gate = new();
    private readonly Dictionary<ObjectKey, HashSet<ObjectKey>> _referencedBy = [];
    private readonly Dictionary<ObjectKey, HashSet<ObjectKey>> _referencesOf = [];
    private readonly Dictionary<ObjectKey, CancellationTokenSource> _running = [];

    /// <summary>The Secrets watched now, for tests and diagnostics.</summary>
    public IReadOnlyList<ObjectKey> Watched
    {
        get
        {
            lock (_gate)
            {
                return [.. _running.Keys];
            }
        }
    }

    /// <summary>Records which Secrets a cluster references now (none when it is gone), starting and stopping watches to match.</summary>
    public void Track(ObjectKey cluster, IReadOnlyList<string> secretNames)
    {
        ArgumentNullException.ThrowIfNull(secretNames);
        var now = secretNames.Select(name => new ObjectKey(cluster.Namespace, name)).ToHashSet();
        lock (_gate)
        {
            var before = _referencesOf.GetValueOrDefault(cluster) ?? [];
            foreach (var secret in before.Except(now))
            {
                var clusters = _referencedBy[secret];
                clusters.Remove(cluster);
                if (clusters.Count == 0)
                {
                    _referencedBy.Remove(secret);
                    Stop(secret);
                }
            }

            foreach (var secret in now.Except(before))
            {
                if (!_referencedBy.TryGetValue(secret, out var clusters))
                {
                    clusters = [];
                    _referencedBy[secret] = clusters;
                    Start(secret);
                }

                clusters.Add(cluster);
            }

            if (now.Count == 0)
            {
                _referencesOf.Remove(cluster);
            }
            else
            {
                _referencesOf[cluster] = now;
            }
        }
    }

    private void Start(ObjectKey secret)
    {
        var stop = CancellationTokenSource.CreateLinkedTokenSource(term);
        _running[secret] = stop;
        // By fieldSelector metadata.name, whether it exists yet or not, and whatever its labels: a Secret the spec
        // references is the user's and carries none of ours.
        var watcher = new ResourceWatcher<ObjectMetadataOnly>(
            SecretKind.WatchMetadata(client, secret.Namespace, new ListSelectors(Field: $"metadata.name={secret.Name}"), $"v1/secrets/{secret.Namespace}/{secret.Name}"),
            (_, _) => EnqueueReferencing(secret),
            options,
            loggers.CreateLogger<ResourceWatcher<ObjectMetadataOnly>>(),
            metrics);
        _ = Task.Run(
            async () =>
            {
                try
                {
                    await watcher.RunAsync(stop.Token);
                }
                finally
                {
                    stop.Dispose();
                }
            },
            CancellationToken.None);
    }

    private void Stop(ObjectKey secret)
    {
        if (_running.Remove(secret, out var stop))
        {
            stop.Cancel();
        }
    }

    private void EnqueueReferencing(ObjectKey secret)
    {
        ObjectKey[] clusters;
        lock (_gate)
        {
            clusters = _referencedBy.TryGetValue(secret, out var set) ? [.. set] : [];
        }

        foreach (var cluster in clusters)
        {
            enqueue(cluster);
        }
    }
}
