using Microsoft.AspNetCore.Http;

namespace Realtime.EngineIO;

/// <summary>Settings of the Engine.IO v4 server; the defaults are those of the Node <c>engine.io</c> 6.x server.</summary>
public sealed class EngineIOOptions
{
    /// <summary>The request path the server answers on; a trailing slash is tolerated either way.</summary>
    public string Path { get; set; } = "/socket.io/";

    /// <summary>How often the server sends a ping.</summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>How long the client has to answer a ping with a pong before the session is closed.</summary>
    public TimeSpan PingTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long a probing WebSocket may wait for the <c>5</c> (upgrade) packet before it is closed.</summary>
    public TimeSpan UpgradeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest POST body or WebSocket message accepted, in bytes; advertised as <c>maxPayload</c>.</summary>
    public int MaxHttpBufferSize { get; set; } = 1_000_000;

    /// <summary>Allowed transports: <c>polling</c> and/or <c>websocket</c>.</summary>
    public IReadOnlyList<string> Transports { get; set; } = [EngineTransportNames.Polling, EngineTransportNames.WebSocket];

    /// <summary>Whether polling sessions may upgrade to WebSocket.</summary>
    public bool AllowUpgrades { get; set; } = true;

    /// <summary>
    /// Origins other than the server's own that may connect and get CORS headers (exact match, e.g.
    /// <c>https://app.example.com</c>). A request from any other page is refused with 403 on either transport;
    /// requests without an Origin header (non-browser clients) are not. Empty: same-origin pages only, no CORS headers.
    /// </summary>
    public IReadOnlyList<string> CorsOrigins { get; set; } = [];

    /// <summary>Whether CORS responses allow credentials (cookies, needed for cookie-sticky routing across origins).</summary>
    public bool CorsCredentials { get; set; } = true;

    /// <summary>Name of the session cookie set on the handshake (<c>io</c> in Node); null: no cookie.</summary>
    public string? CookieName { get; set; }

    /// <summary>Called for each handshake; a non-null message rejects it with 403 Forbidden and that message.</summary>
    public Func<HttpContext, ValueTask<string?>>? AllowRequest { get; set; }

    /// <summary>
    /// Which code accepts WebSocket connections. <see cref="EngineWebSocketPath.Lean"/> takes effect on the endpoints
    /// that call <c>ListenOptions.UseEngineIO()</c>; elsewhere every upgrade takes the ASP.NET Core path.
    /// </summary>
    public EngineWebSocketPath WebSocketPath { get; set; } = EngineWebSocketPath.Lean;

    /// <summary>Messages a client may have pending before it is dropped with reason <c>slow consumer</c>.</summary>
    public int MaxOutboundQueue { get; set; } = 1024;

    /// <summary>
    /// Bytes a client may have pending (queued or being written) before it is dropped with reason
    /// <c>slow consumer</c>; one message is always accepted into an empty queue, however large. The default, 2 MiB,
    /// holds two messages of the default <see cref="MaxHttpBufferSize"/>, so a reader of back-to-back full-size
    /// messages is not dropped while one is on the wire, and keeps a pod with a 512 MiB limit alive under a few
    /// hundred clients that stop reading at once (docs/benchmarks.md, "hostile clients").
    /// </summary>
    public long MaxOutboundBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>
    /// Bytes the whole server may hold for its clients: WebSocket messages over 64 KiB being received (each reserves
    /// <see cref="MaxHttpBufferSize"/>) and distinct outbound messages not yet written (a broadcast counts once). When
    /// it is spent, readers of large messages wait (the socket is not read meanwhile) and a connection holding more
    /// than 64 KiB of output is dropped as a slow consumer on its next message; small messages keep flowing. The
    /// default, 128 MiB, keeps a pod with the rendered 512 MiB limit alive under 1,000 hostile clients with room for
    /// the runtime and the transient copies of messages being parsed (docs/benchmarks.md, "hostile clients").
    /// </summary>
    public long MaxBufferedBytes { get; set; } = 128L * 1024 * 1024;
}
