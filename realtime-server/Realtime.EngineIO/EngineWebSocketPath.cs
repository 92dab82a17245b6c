namespace Realtime.EngineIO;

/// <summary>Which code accepts WebSocket connections and frames their messages.</summary>
public enum EngineWebSocketPath
{
    /// <summary>
    /// Kestrel connection middleware (<c>ListenOptions.UseEngineIO()</c>) reads the upgrade request itself and frames
    /// RFC 6455 on the connection's pipe: no HTTP/1.1 request objects stay alive per connection. Plain-text HTTP/1.1
    /// only; other requests, TLS endpoints, HTTP/2 and refused upgrades take the ASP.NET Core path.
    /// </summary>
    Lean,

    /// <summary>The ASP.NET Core WebSocket middleware behind <c>MapEngineIO()</c>, for every upgrade.</summary>
    AspNetCore,
}
