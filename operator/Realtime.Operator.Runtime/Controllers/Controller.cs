using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Realtime.Operator.Runtime.Observability;
using Realtime.Operator.Runtime.Queue;

namespace Realtime.Operator.Runtime.Controllers;

/// <summary>
/// Feeds keys from the work queue to an <see cref="IReconciler"/> with bounded parallelism, requeues according to
/// the result (backoff on errors), resyncs all known keys periodically, and records metrics.
/// </summary>
public sealed class Controller : IDisposable
{
    private readonly IReconciler reconciler;
    private readonly ControllerOptions options;
    private readonly OperatorMetrics metrics;
    private readonly ILogger logger;
    private readonly Func<IEnumerable<ObjectKey>> knownKeys;

    /// <param name="reconciler">Builds the reconciler from this controller, so that it may enqueue keys itself.</param>
    /// <param name="knownKeys">The keys a resync revisits (usually the primary watcher's store).</param>
    public Controller(Func<Controller, IReconciler> reconciler, ControllerOptions options, OperatorMetrics metrics, ILogger logger, Func<IEnumerable<ObjectKey>> knownKeys)
    {
        ArgumentNullException.ThrowIfNull(reconciler);
        this.options = options;
        this.metrics = metrics;
        this.logger = logger;
        this.knownKeys = knownKeys;
        Queue = new WorkQueue<ObjectKey>(options.Backoff);
        metrics.AddController(options.Name);
        this.reconciler = reconciler(this);
    }

    internal WorkQueue<ObjectKey> Queue { get; }

    public string Name => options.Name;

    public void Enqueue(ObjectKey key)
    {
        Queue.Add(key);
        metrics.QueueDepthChanged(Name, Queue.Depth);
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var workers = Enumerable.Range(0, Math.Max(1, options.MaxConcurrentReconciles))
            .Select(_ => Task.Run(() => WorkAsync(cancellationToken), CancellationToken.None))
            .Append(ResyncAsync(cancellationToken))
            .ToArray();
        await Task.WhenAll(workers);
    }

    public void Dispose() => Queue.Dispose();

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            ObjectKey key;
            try
            {
                key = await Queue.TakeAsync(cancellationToken);
            }
            catch (Exception error) when (error is OperationCanceledException or System.Threading.Channels.ChannelClosedException)
            {
                return;
            }

            metrics.QueueDepthChanged(Name, Queue.Depth);
            try
            {
                await ReconcileOneAsync(key, cancellationToken);
            }
            finally
            {
                Queue.Done(key);
            }
        }
    }

    private async Task ReconcileOneAsync(ObjectKey key, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        string outcome;
        try
        {
            var result = await reconciler.ReconcileAsync(key, cancellationToken);
            if (result.RetryWithBackoff)
            {
                outcome = "requeue";
                Queue.AddRateLimited(key);
            }
            else
            {
                outcome = "success";
                Queue.Forget(key);
                if (result.RequeueAfter is { } delay)
                {
                    Queue.AddAfter(key, delay);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Leadership lost or shutting down: the next leader starts from a fresh list.
            return;
        }
        catch (Exception error)
        {
            outcome = "error";
            var delay = Queue.AddRateLimited(key);
            ControllerLog.ReconcileFailed(logger, error, key, Queue.Failures(key), delay);
        }

        metrics.Reconciled(Name, outcome, Stopwatch.GetElapsedTime(started));
    }

    private async Task ResyncAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.ResyncPeriod);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                foreach (var key in knownKeys())
                {
                    Enqueue(key);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
