namespace Realtime.SocketIO;

/// <summary>
/// Connection state recovery (socket.io 4.6's <c>connectionStateRecovery</c>): a client that lost its connection
/// gets back its socket id, rooms and data, and the events it missed.
/// </summary>
public sealed class ConnectionStateRecoveryOptions
{
    /// <summary>How long a disconnected socket's session is kept (Node's <c>maxDisconnectionDuration</c>: 2 min).</summary>
    public TimeSpan MaxDisconnectionDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Whether a recovered socket skips the namespace's middleware (Node's <c>skipMiddlewares</c>: true).</summary>
    public bool SkipMiddlewares { get; set; } = true;

    /// <summary>
    /// The bytes of recent broadcasts kept for replay (not in Node, whose log is bounded only by time); the older ones
    /// are dropped first, and a client whose offset was dropped is not recovered.
    /// </summary>
    public long MaxLogBytes { get; set; } = 64L * 1024 * 1024;
}
