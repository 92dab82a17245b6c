namespace Realtime.EngineIO;

/// <summary>The reasons an Engine.IO connection is closed with, as the Node server names them.</summary>
public static class EngineCloseReasons
{
    /// <summary>The client did not answer a ping within the ping timeout.</summary>
    public const string PingTimeout = "ping timeout";

    /// <summary>A packet could not be decoded.</summary>
    public const string ParseError = "parse error";

    /// <summary>The client broke the transport rules (overlapping requests, oversize input, a client ping...).</summary>
    public const string TransportError = "transport error";

    /// <summary>The client closed the transport or sent a close packet.</summary>
    public const string TransportClose = "transport close";

    /// <summary>The application closed the connection.</summary>
    public const string ForcedClose = "forced close";

    /// <summary>The server closed every connection (shutdown or drain).</summary>
    public const string ServerShuttingDown = "server shutting down";

    /// <summary>The client did not read its messages fast enough and its bounded queue overflowed.</summary>
    public const string SlowConsumer = "slow consumer";
}
