namespace Realtime.Operator.Runtime.Watching;

/// <summary>A running watch loop as the manager and the health endpoints see it.</summary>
public interface IWatcher
{
    string Resource { get; }

    WatchHealth Health { get; }

    Task Synced { get; }

    Task RunAsync(CancellationToken cancellationToken);
}
