using Microsoft.Extensions.Logging;
using Realtime.Operator.Runtime.Watching;

namespace Realtime.Operator.Runtime.Controllers;

/// <summary>
/// One term of work: starts the watches, waits until each has listed once (so a reconcile sees every existing
/// child), then runs the controller's workers until cancelled. Disposing it closes the controller's queue.
/// </summary>
public sealed class ControllerManager(IReadOnlyList<IWatcher> watchers, Controller controller, ILogger logger) : IDisposable
{
    public bool IsHealthy => watchers.All(watcher => watcher.Health.IsHealthy);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var running = watchers.Select(watcher => Task.Run(() => watcher.RunAsync(cancellationToken), CancellationToken.None)).ToList();
        try
        {
            await Task.WhenAll(watchers.Select(watcher => watcher.Synced)).WaitAsync(cancellationToken);
            ControllerLog.WatchesSynced(logger, watchers.Count, controller.Name);
            running.Add(controller.RunAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped before the first sync.
        }

        await Task.WhenAll(running);
    }

    public void Dispose() => controller.Dispose();
}
