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
    private readonly IReconciler _reconciler;
    private readonly ControllerOptions _options;
    private readonly OperatorMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Func<IEnumerable<ObjectKey>> _knownKeys;

    /// <param name="reconciler">Builds the reconciler from this controller, so that it may enqueue keys itself.</param>
    /// <param name="knownKeys">The keys a resync revisits (usually the primary watcher's store).</param>
    public Controller(Func<Controller, IReconciler> reconciler, ControllerOptions options, OperatorMetrics metrics, ILogger logger, Func<IEnumerable<ObjectKey>> knownKeys)
    {
        ArgumentNullException.ThrowIfNull(reconciler);
        _options = options;
        _metrics = metrics;
        _logger = logger;
        _knownKeys = knownKeys;
        Queue = new WorkQueue<ObjectKey>(options.Backoff);
        metrics.AddController(options.Name);
        _reconciler = reconciler(this);
    }

    internal WorkQueue<ObjectKey> Queue { get; }

    public string Name => _options.Name;

    public void Enqueue(ObjectKey key)
    {
        Queue.Add(key);
        _metrics.QueueDepthChanged(Name, Queue.Depth);
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var workers = Enumerable.Range(0, Math.Max(1, _options.MaxConcurrentReconciles))
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

            _metrics.QueueDepthChanged(Name, Queue.Depth);
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
            var result = await _reconciler.ReconcileAsync(key, cancellationToken);
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
            ControllerLog.ReconcileFailed(_logger, error, key, Queue.Failures(key), delay);
        }

        _metrics.Reconciled(Name, outcome, Stopwatch.GetElapsedTime(started));
    }

    private async Task ResyncAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.ResyncPeriod);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                foreach (var key in _knownKeys())
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
