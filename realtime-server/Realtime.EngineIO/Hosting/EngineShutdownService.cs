using Microsoft.Extensions.Hosting;

namespace Realtime.EngineIO.Hosting;

/// <summary>
/// Closes the sessions still open when the host stops, so that long polls and WebSockets do not hold Kestrel's
/// shutdown until its timeout. A host that drains gradually does so before this runs.
/// </summary>
internal sealed class EngineShutdownService(EngineServer server) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        server.AcceptingHandshakes = false;
        server.CloseAll(EngineCloseReasons.ServerShuttingDown);
        return Task.CompletedTask;
    }
}
