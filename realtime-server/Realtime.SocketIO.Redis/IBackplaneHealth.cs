namespace Realtime.SocketIO.Redis;

/// <summary>Whether this pod currently reaches every Redis master of the backplane.</summary>
public enum BackplaneState
{
    Disconnected,
    Connected,
}

/// <summary>What a host's readiness endpoint reports about the backplane.</summary>
public interface IBackplaneHealth
{
    BackplaneState State { get; }

    /// <summary>
    /// True when every shard's connections are up and Redis has confirmed every channel this pod wants: it both
    /// reaches the others and hears them. A connected subscriber whose SUBSCRIBE was refused (an ACL without
    /// <c>subscribe</c>: <c>NOPERM</c>) or not yet answered is not listening.
    /// </summary>
    bool IsListening { get; }

    /// <summary>
    /// One line for a readiness body or a log: per shard, its endpoints (never credentials), both connections, how
    /// many wanted channels are confirmed and, when the pod is not listening, why (Redis's refusal or the failure).
    /// </summary>
    string Description { get; }
}
