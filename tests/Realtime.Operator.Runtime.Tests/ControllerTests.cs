using Microsoft.Extensions.Logging.Abstractions;
using Realtime.Operator.Runtime.Controllers;
using Realtime.Operator.Runtime.Observability;
using Realtime.Operator.Runtime.Queue;
using Realtime.Testing;

namespace Realtime.Operator.Runtime.Tests;

public sealed class ControllerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Reconciles_run_in_parallel_up_to_the_bound_and_never_twice_at_once_for_one_key()
    {
        var reconciler = new TrackingReconciler(TimeSpan.FromMilliseconds(50));
        using var controller = NewController(reconciler, maxConcurrent: 3);
        using var stop = new CancellationTokenSource();
        var running = controller.RunAsync(stop.Token);
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 10; i++)
            {
                controller.Enqueue(new ObjectKey("ns", $"k{i}"));
            }

            await Task.Delay(10);
        }

        await Eventually.TrueAsync(() => reconciler.Completed >= 10 && controller.Queue.Depth == 0 && reconciler.Active == 0, Timeout, "all keys reconciled");
        await stop.CancelAsync();
        await running;

        Assert.Equal(3, reconciler.MaxActive);
        Assert.False(reconciler.SameKeyOverlapped);
    }

    [Fact]
    public async Task A_failing_key_is_retried_with_backoff_until_it_succeeds_and_errors_are_counted()
    {
        var attempts = 0;
        var reconciler = new DelegateReconciler(_ =>
            Interlocked.Increment(ref attempts) < 3 ? throw new InvalidOperationException("boom") : ReconcileResult.Done);
        var metrics = new OperatorMetrics();
        using var controller = NewController(reconciler, maxConcurrent: 1, metrics);
        using var stop = new CancellationTokenSource();
        var running = controller.RunAsync(stop.Token);
        controller.Enqueue(new ObjectKey("ns", "flaky"));

        await Eventually.TrueAsync(() => Volatile.Read(ref attempts) == 3, Timeout, "third attempt succeeded");
        await Eventually.TrueAsync(() => metrics.ReconcileCount("test", "success") == 1, Timeout, "success counted");
        await stop.CancelAsync();
        await running;

        Assert.Equal(2, metrics.ReconcileCount("test", "error"));
        Assert.Equal(0, controller.Queue.Failures(new ObjectKey("ns", "flaky")));
    }

    [Fact]
    public async Task Cancelling_stops_an_in_flight_reconcile_at_once()
    {
        var started = new TaskCompletionSource();
        var observedCancel = new TaskCompletionSource();
        var reconciler = new DelegateReconciler(async (_, token) =>
        {
            started.TrySetResult();
            try
            {
                await Task.Delay(System.Threading.Timeout.Infinite, token);
            }
            catch (OperationCanceledException)
            {
                observedCancel.TrySetResult();
                throw;
            }

            return ReconcileResult.Done;
        });
        using var controller = NewController(reconciler, maxConcurrent: 1);
        using var stop = new CancellationTokenSource();
        var running = controller.RunAsync(stop.Token);
        controller.Enqueue(new ObjectKey("ns", "slow"));
        await started.Task.WaitAsync(Timeout);

        await stop.CancelAsync();
        await observedCancel.Task.WaitAsync(Timeout);
        await running.WaitAsync(Timeout);
    }

    [Fact]
    public async Task A_resync_revisits_every_known_key()
    {
        var reconciler = new TrackingReconciler(TimeSpan.Zero);
        var options = new ControllerOptions { Name = "test", MaxConcurrentReconciles = 2, ResyncPeriod = TimeSpan.FromMilliseconds(100) };
        using var controller = new Controller(_ => reconciler, options, new OperatorMetrics(), NullLogger.Instance, () => [new ObjectKey("ns", "a"), new ObjectKey("ns", "b")]);
        using var stop = new CancellationTokenSource();
        var running = controller.RunAsync(stop.Token);

        await Eventually.TrueAsync(() => reconciler.Completed >= 4, Timeout, "two resyncs of two keys");
        await stop.CancelAsync();
        await running;
    }

    private static Controller NewController(IReconciler reconciler, int maxConcurrent, OperatorMetrics? metrics = null) =>
        new(
            _ => reconciler,
            new ControllerOptions
            {
                Name = "test",
                MaxConcurrentReconciles = maxConcurrent,
                Backoff = new Backoff(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(200)),
                ResyncPeriod = TimeSpan.FromHours(1),
            },
            metrics ?? new OperatorMetrics(),
            NullLogger.Instance,
            () => []);

    private sealed class TrackingReconciler(TimeSpan work) : IReconciler
    {
        private readonly HashSet<ObjectKey> _inFlight = [];
        private int _active;
        private int _maxActive;
        private int _completed;

        public int Active => Volatile.Read(ref _active);

        public int MaxActive => Volatile.Read(ref _maxActive);

        public int Completed => Volatile.Read(ref _completed);

        public bool SameKeyOverlapped { get; private set; }

        public async Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken)
        {
            lock (_inFlight)
            {
                SameKeyOverlapped |= !_inFlight.Add(key);
            }

            var now = Interlocked.Increment(ref _active);
            int seen;
            while (now > (seen = Volatile.Read(ref _maxActive)) && Interlocked.CompareExchange(ref _maxActive, now, seen) != seen)
            {
            }

            await Task.Delay(work, cancellationToken);
            Interlocked.Decrement(ref _active);
            lock (_inFlight)
            {
                _inFlight.Remove(key);
            }

            Interlocked.Increment(ref _completed);
            return ReconcileResult.Done;
        }
    }

    private sealed class DelegateReconciler(Func<ObjectKey, CancellationToken, Task<ReconcileResult>> reconcile) : IReconciler
    {
        public DelegateReconciler(Func<ObjectKey, ReconcileResult> reconcile)
            : this((key, _) => Task.FromResult(reconcile(key)))
        {
        }

        public Task<ReconcileResult> ReconcileAsync(ObjectKey key, CancellationToken cancellationToken) => reconcile(key, cancellationToken);
    }
}
