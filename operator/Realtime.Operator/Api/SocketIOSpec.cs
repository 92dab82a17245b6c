using System.ComponentModel;
using Realtime.Operator.Api.Schema;

namespace Realtime.Operator.Api;

/// <summary>Engine.IO and Socket.IO settings passed to every server pod.</summary>
public sealed class SocketIOSpec
{
    public const string PollingTransport = "polling";
    public const string WebSocketTransport = "websocket";

    [Description("HTTP path of the Socket.IO endpoint; it must start and end with '/'. The routing exposes only this path.")]
    [Length(3, 128)]
    [StringPattern(SocketIOPathPattern,
        "must be an absolute path of letters, digits, '-', '_' and '.' that starts and ends with '/'")]
    public string Path { get; set; } = "/socket.io/";

    [Description("Milliseconds between the server's heartbeat pings.")]
    [NumberRange(1000, 3_600_000)]
    public int PingIntervalMs { get; set; } = 25000;

    [Description("Milliseconds the server waits for a pong before it closes the connection.")]
    [NumberRange(1000, 3_600_000)]
    public int PingTimeoutMs { get; set; } = 20000;

    [Description("Largest message, in bytes, a client may send.")]
    [NumberRange(1024, 100_000_000)]
    public int MaxHttpBufferSize { get; set; } = 1_000_000;

    [Description("Messages a client may have pending before the server drops it as a slow consumer.")]
    [NumberRange(1, 1_000_000)]
    public int MaxOutboundMessages { get; set; } = 1024;

    [Description("Bytes a client may have pending (queued or being written) before the server drops it as a slow consumer. The default, 2 MiB, holds two messages of the default maxHttpBufferSize; with the default 512Mi pod limit it keeps a pod alive under a few hundred clients that stop reading at once.")]
    [NumberRange(1024, 1_073_741_824)]
    public int MaxOutboundBytes { get; set; } = 2 * 1024 * 1024;

    [Description("Bytes one server pod may hold for all its clients together: messages over 64 KiB being received (each reserves maxHttpBufferSize) and outbound messages not yet written, a broadcast counted once. When spent, the pod stops reading large messages until bytes are freed and drops clients holding over 64 KiB of output as slow consumers; small messages keep flowing. The default, 128 MiB, is sized for the default 512Mi pod memory limit.")]
    [NumberRange(1_048_576, 1_073_741_824)]
    public int MaxBufferedBytes { get; set; } = 128 * 1024 * 1024;

    [Description("Transports the server accepts. With polling, several pods need cookie affinity.")]
    [ItemCount(1, 2)]
    [ItemValues(PollingTransport, WebSocketTransport)]
    [SetList]
    public IList<string> Transports { get; set; } = [PollingTransport, WebSocketTransport];

    [Description("Origins (scheme://host[:port]) allowed by CORS. Empty: no CORS headers at all.")]
    [ItemCount(0, 64)]
    [ItemPattern(@"^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?$", "must be an origin scheme://host[:port] without a path or wildcard")]
    [SetList]
    public IList<string> CorsOrigins { get; set; } = [];

    [Description("Secret key holding the bearer token of the publish API (at least 16 characters). Unset: the publish API is off.")]
    public SecretKeySelector? ApiTokenSecretRef { get; set; }

    [Description("Connection state recovery: clients that reconnect get their socket back with the broadcasts they missed. Off unless enabled.")]
    public ConnectionStateRecoverySpec ConnectionStateRecovery { get; set; } = new();

    private const string SocketIOPathPattern = "^/([A-Za-z0-9_-][A-Za-z0-9._-]*/)+$";
}
