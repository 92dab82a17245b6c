using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Realtime.Operator.Builders;
using Realtime.Operator.Reconcile;
using Realtime.Operator.Runtime.Controllers;
using Realtime.Operator.Runtime.Events;
using Realtime.Operator.Runtime.Leadership;
using Realtime.Operator.Runtime.Observability;

namespace Realtime.Operator.Hosting;

/// <summary>
/// The operator of one process: campaigns for the lease (when leader election is on) and, for each term it
/// leads, watches RealtimeClusters and their children in the watched namespaces and runs the reconciler.
/// </summary>
internal sealed class RealtimeOperator(IKubernetes client, OperatorOptions options, string leaseNamespace, OperatorTuning tuning, ILoggerFactory loggers) : IDisposable
{
    private volatile ControllerManager? _current;
    private volatile bool _started;
    private volatile LeaderGate? _gate;

    public OperatorMetrics Metrics { get; } = new();

    /// <summary>The running term's manager, or null while this replica does not lead.</summary>
    public ControllerManager? Current => _current;

    /// <summary>The running term's watches of referenced Secrets, or null while this replica does not lead.</summary>
    public ReferencedSecretWatches? ReferencedSecrets { get; private set; }

    /// <summary>Liveness: the leader's watches make progress (a follower has no watches to be stuck).</summary>
    public bool IsAlive => _current?.IsHealthy ?? true;

    /// <summary>Readiness: the process runs its campaign or its controller.</summary>
    public bool IsReady => _started;

    /// <summary>The Lease holder this replica last saw, while it campaigns or leads.</summary>
    public string? ObservedLeader => _gate?.CurrentLeader;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _started = true;
        if (!options.LeaderElection)
        {
            Metrics.LeaderChanged(true);
            await RunTermAsync(cancellationToken);
            return;
        }

        _gate = new LeaderGate(
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
        await _gate.RunAsync(RunTermAsync, cancellationToken);
    }

    /// <summary>One term: fresh caches, fresh queue, so a new leader starts from what the API server says now.</summary>
    private async Task RunTermAsync(CancellationToken cancellationToken)
    {
        var events = new EventRecorder(client, "realtime-operator", options.Identity, loggers.CreateLogger<EventRecorder>());
        ReferencedSecretWatches? referencedSecrets = null;
        using var manager = RealtimeClusterController.Declare(options.WatchNamespaces).Build(
            client,
            new ControllerSettings(tuning.Controller with { MaxConcurrentReconciles = options.MaxConcurrentReconciles }, tuning.Watch, Metrics, loggers),
            controller =>
            {
                referencedSecrets = new ReferencedSecretWatches(client, tuning.Watch, controller.Enqueue, loggers, Metrics, cancellationToken);
                return new RealtimeClusterReconciler(
                    client,
                    controller,
                    events,
                    OperatorDefaults.ForThisRelease(),
                    loggers.CreateLogger<RealtimeClusterReconciler>(),
                    redisUnavailableGrace: tuning.RedisUnavailableGrace,
                    referencesSeen: referencedSecrets.Track);
            });
        _current = manager;
        ReferencedSecrets = referencedSecrets;
        try
        {
            await manager.RunAsync(cancellationToken);
        }
        finally
        {
            _current = null;
            ReferencedSecrets = null;
        }
    }

    public void Dispose() => Metrics.Dispose();
}
