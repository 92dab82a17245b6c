namespace Realtime.SocketIO.Diagnostics;

/// <summary>How a reconnection asking for connection state recovery ended (the <c>result</c> of its metric).</summary>
internal enum RecoveryResult
{
    /// <summary>The socket is back with its id, rooms, data and every missed packet.</summary>
    Recovered,

    /// <summary>No session for the pid (never kept, expired or already taken), or its offset is no longer logged.</summary>
    Unknown,

    /// <summary>The replay could not be complete (the log was trimmed past the offset meanwhile, or it is too large).</summary>
    Incomplete,

    /// <summary>The adapter failed or did not answer within the recovery timeout.</summary>
    Error,

    /// <summary>The middleware refused the restored socket (with <c>skipMiddlewares</c> off).</summary>
    Rejected,

    /// <summary>The client left while its session was being restored; the session is kept for its next attempt.</summary>
    Abandoned,
}
