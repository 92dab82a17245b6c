using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using Microsoft.Extensions.Logging;
using Realtime.Operator.Runtime.Observability;

namespace Realtime.Operator.Runtime.Leadership;

/// <summary>
/// Runs work only while this replica holds the Lease. Losing the lease cancels the work at once (in-flight
/// reconciles included); the replica then campaigns again and starts a fresh term if it wins. Stopping the gate
/// (SIGTERM) waits for the work to end and then releases the Lease, so a standby takes over within its retry period.
/// </summary>
public sealed class LeaderGate(IKubernetes client, LeaderElectionOptions options, OperatorMetrics metrics, ILogger logger, TimeProvider? time = null)
{
    private readonly TimeProvider _clock = time ?? TimeProvider.System;

    /// <summary>The identity of the last leader observed, if any.</summary>
    public string? CurrentLeader { get; private set; }

    public async Task RunAsync(Func<CancellationToken, Task> whileLeading, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await RunOneTermAsync(whileLeading, cancellationToken);
        }
    }

    private async Task RunOneTermAsync(Func<CancellationToken, Task> whileLeading, CancellationToken cancellationToken)
    {
        var config = new LeaderElectionConfig(new LeaseLock(client, options.Namespace, options.LeaseName, options.Identity))
        {
            LeaseDuration = options.LeaseDuration,
            RenewDeadline = options.RenewDeadline,
            RetryPeriod = options.RetryPeriod,
        };
        using var elector = new LeaderElector(config);
        using var term = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task work = Task.CompletedTask;
        var led = false;
        elector.OnNewLeader += identity =>
        {
            CurrentLeader = identity;
            LeaderGateLog.NewLeader(logger, identity);
        };
        elector.OnError += error => LeaderGateLog.AttemptFailed(logger, error);
        elector.OnStartedLeading += () =>
        {
            led = true;
            metrics.LeaderChanged(true);
            LeaderGateLog.Acquired(logger, options.Identity, options.Namespace, options.LeaseName);
            work = Task.Run(() => whileLeading(term.Token), CancellationToken.None);
        };
        elector.OnStoppedLeading += () =>
        {
            metrics.LeaderChanged(false);
            term.Cancel();
            if (!cancellationToken.IsCancellationRequested)
            {
                LeaderGateLog.Lost(logger, options.Identity, options.Namespace, options.LeaseName);
            }
        };

        try
        {
            await elector.RunUntilLeadershipLostAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        catch (Exception error)
        {
            LeaderGateLog.ElectionFailed(logger, error);
        }
        finally
        {
            metrics.LeaderChanged(false);
            await term.CancelAsync();
        }

        try
        {
            await work;
        }
        catch (OperationCanceledException)
        {
            // The term ended.
        }
        catch (Exception error)
        {
            LeaderGateLog.WorkFailed(logger, error);
        }

        if (cancellationToken.IsCancellationRequested)
        {
            // Only after the work has stopped: releasing earlier would let a standby reconcile next to it.
            if (led)
            {
                await ReleaseAsync();
            }

            return;
        }

        await Task.Delay(options.RetryPeriod, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task ReleaseAsync()
    {
        // The process is stopping, so the caller's token is already cancelled; the release gets the renew deadline,
        // as client-go gives it, and a failure only means the standby waits for the lease to expire.
        using var deadline = new CancellationTokenSource(options.RenewDeadline);
        try
        {
            if (await LeaseRelease.ReleaseAsync(client, options.Namespace, options.LeaseName, options.Identity, _clock, deadline.Token))
            {
                CurrentLeader = null;
                LeaderGateLog.Released(logger, options.Identity, options.Namespace, options.LeaseName);
            }
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            LeaderGateLog.ReleaseFailed(logger, error, options.Identity, options.Namespace, options.LeaseName);
        }
    }
}
