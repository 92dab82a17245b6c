using Realtime.SocketIO;
using Realtime.SocketIO.Redis;

namespace Realtime.Server.Configuration;

/// <summary>The validated configuration of one server process; built only by <see cref="ServerSettingsReader"/>.</summary>
public sealed record ServerSettings
{
    public required int Port { get; init; }

    /// <summary>Redis masters of the backplane; empty runs the server alone with the in-memory adapter.</summary>
    public required IReadOnlyList<string> RedisUrls { get; init; }

    /// <summary>
    /// How pods subscribe to broadcasts: per room (default) or one pattern as the Node adapter does, kept so the
    /// benchmark can compare the two (<c>REDIS_SUBSCRIPTIONS=pattern</c>).
    /// </summary>
    public required SubscriptionMode RedisSubscriptions { get; init; }

    public required TimeSpan PingInterval { get; init; }

    public required TimeSpan PingTimeout { get; init; }

    public required int MaxHttpBufferSize { get; init; }

    /// <summary>Messages a client may have pending before it is dropped as a slow consumer.</summary>
    public required int MaxOutboundMessages { get; init; }

    /// <summary>Bytes a client may have pending (queued or being written) before it is dropped as a slow consumer.</summary>
    public required int MaxOutboundBytes { get; init; }

    /// <summary>Bytes the server may hold for all its clients together: large messages being received and output not yet written.</summary>
    public required int MaxBufferedBytes { get; init; }

    /// <summary>Allowed Engine.IO transports, among <c>polling</c> and <c>websocket</c>.</summary>
    public required IReadOnlyList<string> Transports { get; init; }

    /// <summary>Origins allowed by CORS; empty sends no CORS headers at all.</summary>
    public required IReadOnlyList<string> CorsOrigins { get; init; }

    /// <summary>The bearer token of the publish API; null disables the API.</summary>
    public required string? ApiToken { get; init; }

    public required string PodName { get; init; }

    /// <summary>How long a SIGTERM drain may take, from the signal to the process exit.</summary>
    public required TimeSpan DrainWindow { get; init; }

    public required bool DemoPage { get; init; }

    public required string SocketIOPath { get; init; }

    /// <summary>Connection state recovery (<c>CONNECTION_STATE_RECOVERY=true</c> and the <c>RECOVERY_*</c> settings); null when off.</summary>
    public required ConnectionStateRecoveryOptions? ConnectionStateRecovery { get; init; }
}
