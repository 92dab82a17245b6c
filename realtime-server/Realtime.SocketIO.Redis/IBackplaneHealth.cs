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

    /// <summary>One line for a readiness body or a log: which shards are reachable.</summary>
    string Description { get; }
}
