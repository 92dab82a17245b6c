using k8s;
using k8s.LeaderElection;
using k8s.LeaderElection.ResourceLock;
using Microsoft.Extensions.Logging;
using Realtime.Operator.Runtime.Observability;

namespace Realtime.Operator.Runtime.Leadership;

/// <summary>
/// Runs work only while this replica holds the Lease. Losing the lease cancels the work at once (in-flight
/// reconciles included); the replica then campaigns again and starts a fresh term if it wins.
/// </summary>
public sealed class LeaderGate(IKubernetes client, LeaderElectionOptions options, OperatorMetrics metrics, ILogger logger)
{
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
        elector.OnNewLeader += identity =>
        {
            CurrentLeader = identity;
            logger.LogInformation("Leader is now {Identity}", identity);
        };
        elector.OnError += error => logger.LogDebug(error, "Leader election attempt failed");
        elector.OnStartedLeading += () =>
        {
            metrics.Leader.Set(1);
            logger.LogInformation("{Identity} acquired the lease {Namespace}/{Lease}", options.Identity, options.Namespace, options.LeaseName);
            work = Task.Run(() => whileLeading(term.Token), CancellationToken.None);
        };
        elector.OnStoppedLeading += () =>
        {
            metrics.Leader.Set(0);
            term.Cancel();
            logger.LogWarning("{Identity} lost the lease {Namespace}/{Lease}; work stopped", options.Identity, options.Namespace, options.LeaseName);
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
            logger.LogWarning(error, "Leader election failed; campaigning again");
        }
        finally
        {
            metrics.Leader.Set(0);
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
            logger.LogError(error, "Work of the leadership term failed");
        }

        if (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(options.RetryPeriod, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }
}
