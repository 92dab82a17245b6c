using System.ComponentModel;
using Realtime.Operator.Api.Schema;

namespace Realtime.Operator.Api;

/// <summary>
/// Socket.IO connection state recovery in the bundled server: a client that lost its connection comes back, on any
/// pod, with its socket id, rooms and the broadcasts it missed.
/// </summary>
public sealed class ConnectionStateRecoverySpec
{
    public const int DefaultMaxDisconnectionDurationMs = 120_000;
    public const int DefaultLogMaxBytes = 64 * 1024 * 1024;

    [Description("Let a client that lost its connection (pod drained or lost, network cut, ping timeout) come back with its socket id, rooms and data, and receive the broadcasts sent to its rooms while it was away; socket.io-client 4.6 or newer does it on its own and reports socket.recovered. Off by default: every socket's session and every broadcast are also written to Redis, which costs Redis CPU per broadcast and up to logMaxBytes of Redis memory. Only for the bundled RealtimeServer on one Redis shard; several pods need the Redis backplane.")]
    public bool Enabled { get; set; }

    [Description("Milliseconds a disconnected client's session is kept for it to come back (Socket.IO's maxDisconnectionDuration); a client that returns later starts a new session. Must exceed pingIntervalMs + pingTimeoutMs, the time a client takes to notice a silently lost pod.")]
    [NumberRange(1000, 86_400_000)]
    public int MaxDisconnectionDurationMs { get; set; } = DefaultMaxDisconnectionDurationMs;

    [Description("Whether a recovered client skips the namespace's connection middlewares (Socket.IO's skipMiddlewares, default true as in Socket.IO). The bundled server registers none today, so this changes nothing yet; it decides whether a middleware added later runs again for a recovered client.")]
    public bool SkipMiddlewares { get; set; } = true;

    [Description("Bytes of recent broadcasts kept in Redis for replay. A client away longer than this log covers at the cluster's broadcast rate is not recovered (it starts a new session, as after maxDisconnectionDurationMs); the log counts against the Redis pod's memory limit (the managed default is 256Mi).")]
    [NumberRange(1_048_576, 1_073_741_824)]
    public int LogMaxBytes { get; set; } = DefaultLogMaxBytes;
}
