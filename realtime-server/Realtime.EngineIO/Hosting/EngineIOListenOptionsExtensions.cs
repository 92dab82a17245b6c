using Microsoft.AspNetCore.Server.Kestrel.Core;
using Realtime.EngineIO;
using Realtime.EngineIO.Transports.Lean;

namespace Microsoft.AspNetCore.Hosting;

public static class EngineIOListenOptionsExtensions
{
    /// <summary>
    /// Lets Engine.IO accept its WebSocket upgrades on this endpoint beneath Kestrel's HTTP server (see
    /// <see cref="EngineWebSocketPath.Lean"/>). Call it before <c>UseHttps</c> or leave it off TLS endpoints: the lean
    /// path serves plain-text connections only, and passes any other connection to Kestrel untouched.
    /// </summary>
    public static ListenOptions UseEngineIO(this ListenOptions listenOptions)
    {
        ArgumentNullException.ThrowIfNull(listenOptions);
        listenOptions.Use(next => new LeanWebSocketMiddleware(next, listenOptions).OnConnectionAsync);
        return listenOptions;
    }
}
