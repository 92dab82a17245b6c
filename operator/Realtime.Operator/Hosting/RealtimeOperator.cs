using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Realtime.Operator.Api;
using Realtime.Operator.Builders;
using Realtime.Operator.Reconcile;
using Realtime.Operator.Runtime.Controllers;
using Realtime.Operator.Runtime.Events;
using Realtime.Operator.Runtime.Leadership;
using Realtime.Operator.Runtime.Observability;
using Realtime.Operator.Runtime.Queue;
using Realtime.Operator.Runtime.Watching;

namespace Realtime.Operator.Hosting;

/// <summary>
/// The operator of one process: campaigns for the lease (when leader election is on) and, for each term it
/// leads, watches RealtimeClusters and their children in the watched namespaces and runs the reconciler.
/// </summary>
public sealed class RealtimeOperator(IKubernetes client, OperatorOptions options, string leaseNamespace, OperatorTuning tuning, ILoggerFactory loggers)
{
    private readonly ILogger logger = loggers.CreateLogger<RealtimeOperator>();
    private volatile ControllerManager? current;
    private volatile bool started;
    private volatile LeaderGate? gate;

    public OperatorMetrics Metrics { get; } = new();

    /// <summary>The running term's manager, or null while this replica does not lead.</summary>
    public ControllerManager? Current => current;

    /// <summary>The running term's watches of referenced Secrets, or null while this replica does not lead.</summary>
    public ReferencedSecretWatches? ReferencedSecrets { get; private set; }

    /// <summary>Liveness: the leader's watches make progress (a follower has no watches to be stuck).</summary>
    public bool IsAlive => current?.IsHealthy ?? true;

    /// <summary>Readiness: the process runs its campaign or its controller.</summary>
    public bool IsReady => started;

    /// <summary>The Lease holder this replica last saw, while it campaigns or leads.</summary>
    public string? ObservedLeader => gate?.CurrentLeader;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        started = true;
        if (!options.LeaderElection)
        {
            Metrics.Leader.Set(1);
            await RunTermAsync(cancellationToken);
            return;
        }

        gate = new LeaderGate(
            client,
            new LeaderElectionOptions
            {
                Namespace = leaseNamespace,
                LeaseName = options.LeaseName,
                Identity = options.Identity,
                LeaseDuration = tuning.LeaseDuration,
                RenewDeadline = tuning.RenewDeadline,
                RetryPeriod = tuning.RetryPeriod,
            },
            Metrics,
            loggers.CreateLogger<LeaderGate>());
        await gate.RunAsync(RunTermAsync, cancellationToken);
    }

    /// <summary>One term: fresh caches, fresh queue, so a new leader starts from what the API server says now.</summary>
    private async Task RunTermAsync(CancellationToken cancellationToken)
    {
        var owners = new OwnerIndex(RealtimeCluster.GroupVersion, RealtimeCluster.KindName);
        var generations = new GenerationFilter();
        var namespaces = options.WatchNamespaces.Count == 0 ? [null] : options.WatchNamespaces.Select(ns => (string?)ns).ToArray();
        var clusterWatchers = new List<ResourceWatcher<RealtimeCluster>>();
        var childWatchers = new Dictionary<(string Resource, string? Namespace), ResourceWatcher<ChildObject>>();
        Controller? controller = null;
        var watchers = new List<IWatcher>();
        var events = new EventRecorder(client, "realtime-operator", options.Identity, loggers.CreateLogger<EventRecorder>());

        foreach (var ns in namespaces)
        {
            var clusterWatcher = new ResourceWatcher<RealtimeCluster>(
                CustomObjectWatchSource.Create<RealtimeCluster>(client, RealtimeCluster.ApiGroup, RealtimeCluster.ApiVersionName, RealtimeCluster.Plural, ns),
                (type, cluster) =>
                {
                    if (generations.ShouldReconcile(type, cluster))
                    {
                        controller!.Enqueue(new ObjectKey(cluster.Metadata.NamespaceProperty, cluster.Metadata.Name));
                    }
                },
                tuning.Watch,
                loggers.CreateLogger<ResourceWatcher<RealtimeCluster>>(),
                Metrics);
            clusterWatchers.Add(clusterWatcher);
            watchers.Add(clusterWatcher);
            foreach (var kind in ChildKinds.All)
            {
                var childWatcher = new ResourceWatcher<ChildObject>(
                    kind.WatchSource(client, ns),
                    (type, child) =>
                    {
                        if (owners.Observe(kind.Resource, type, child) is { } owner)
                        {
                            controller!.Enqueue(owner);
                        }
                    },
                    tuning.Watch with { Optional = kind.Optional },
                    loggers.CreateLogger<ResourceWatcher<ChildObject>>(),
                    Metrics);
                childWatchers[(kind.Resource, ns)] = childWatcher;
                watchers.Add(childWatcher);
            }
        }

        ChildObject? Cached(ChildKind kind, string ns, string name)
        {
            var key = (kind.Resource, options.WatchNamespaces.Count == 0 ? null : ns);
            return childWatchers.TryGetValue(key, out var watcher) ? watcher.TryGet(ns, name) : null;
        }

        var referencedSecrets = new ReferencedSecretWatches(client, tuning.Watch, key => controller!.Enqueue(key), loggers, Metrics, cancellationToken);
        var reconciler = new RealtimeClusterReconciler(
            client,
            owners,
            Cached,
            events,
            OperatorDefaults.ForThisRelease(),
            loggers.CreateLogger<RealtimeClusterReconciler>(),
            redisUnavailableGrace: tuning.RedisUnavailableGrace,
            referencesSeen: referencedSecrets.Track);
        using var created = new Controller(
            reconciler,
            tuning.Controller with { MaxConcurrentReconciles = options.MaxConcurrentReconciles },
            Metrics,
            loggers.CreateLogger<Controller>(),
            () => clusterWatchers.SelectMany(watcher => watcher.Items).Select(cluster => new ObjectKey(cluster.Metadata.NamespaceProperty, cluster.Metadata.Name)));
        controller = created;
        var manager = new ControllerManager(watchers, controller, logger);
        current = manager;
        ReferencedSecrets = referencedSecrets;
        try
        {
            await manager.RunAsync(cancellationToken);
        }
        finally
        {
            current = null;
            ReferencedSecrets = null;
        }
    }
}
