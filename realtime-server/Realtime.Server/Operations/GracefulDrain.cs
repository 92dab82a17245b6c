using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Realtime.EngineIO;

namespace Realtime.Server.Operations;

/// <summary>
/// On SIGTERM, before anything else stops: readiness goes false and handshakes are refused at once, then the open
/// connections are closed a few at a time across most of the drain window, so their clients reconnect to other
/// pods without a stampede. The rest of the window is left for Kestrel to stop before the host's shutdown timeout
/// (set to the window) ends the process.
/// </summary>
public sealed partial class GracefulDrain(DrainState drain, EngineServer engine, ServerMetrics metrics, TimeSpan window,
    ILogger<GracefulDrain> logger) : IHostedLifecycleService
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
            for (; closed < target; closed++)
            {
                connections[closed].Close(EngineCloseReasons.ServerShuttingDown);
            }

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

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "draining: readiness off, handshakes refused, closing {Count} connections over {Seconds:F1} s")]
    private static partial void LogDraining(ILogger logger, int count, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "drained: closed {Count} connections")]
    private static partial void LogDrained(ILogger logger, int count);
}
