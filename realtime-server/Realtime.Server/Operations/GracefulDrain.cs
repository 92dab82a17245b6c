using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Realtime.EngineIO;
using Realtime.SocketIO;

namespace Realtime.Server.Operations;

/// <summary>
/// On SIGTERM, before anything else stops: readiness goes false and handshakes are refused at once, then the open
/// connections are closed a few at a time across most of the drain window, so their clients reconnect to other
/// pods without a stampede. The rest of the window is left for Kestrel to stop before the host's shutdown timeout
/// (set to the window) ends the process. With connection state recovery on, every closed socket's session is
/// stored before the drain ends, so the pod its client reconnects to can restore it.
/// </summary>
public sealed partial class GracefulDrain(DrainState drain, EngineServer engine, SocketIOServer socketIO,
    ServerMetrics metrics, TimeSpan window, ILogger<GracefulDrain> logger) : IHostedLifecycleService
{
    /// <summary>The share of the window over which closes are spread.</summary>
    public const double SpreadShare = 0.8;

    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        if (!drain.Begin())
        {
            return;
        }

        engine.AcceptingHandshakes = false;
        var connections = engine.Connections.ToList();
        var spread = window * SpreadShare;
        LogDraining(logger, connections.Count, spread.TotalSeconds);
        var steps = Math.Max(1, (int)(spread / Step));
        var closed = 0;
        for (var step = 1; step <= steps && closed < connections.Count; step++)
        {
            // Close up to this step's share of the total, so the closes are spread evenly across the window.
            var target = (int)Math.Ceiling((double)connections.Count * step / steps);
            var batch = connections.GetRange(closed, target - closed);
            await PersistSessionsAsync(batch, cancellationToken);
            foreach (var connection in batch)
            {
                connection.Close(EngineCloseReasons.ServerShuttingDown);
            }

            closed = target;

            if (step < steps && closed < connections.Count)
            {
                try
                {
                    await Task.Delay(Step, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        metrics.DrainClosed(closed);
        LogDrained(logger, closed);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// With recovery on, each session is stored before its connection is closed: the client may reconnect to another
    /// pod faster than the close completes here.
    /// </summary>
    private async Task PersistSessionsAsync(IReadOnlyCollection<EngineConnection> batch, CancellationToken cancellationToken)
    {
        try
        {
            await socketIO.PersistSessionsAsync(batch, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            LogSessionsNotPersisted(logger);
        }
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "draining: readiness off, handshakes refused, closing {Count} connections over {Seconds:F1} s")]
    private static partial void LogDraining(ILogger logger, int count, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "the drain window ended before every session was stored")]
    private static partial void LogSessionsNotPersisted(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "drained: closed {Count} connections")]
    private static partial void LogDrained(ILogger logger, int count);
}
