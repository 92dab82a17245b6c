using Realtime.EngineIO;

namespace Realtime.SocketIO.Recovery;

/// <summary>The disconnect reasons after which a session is kept: socket.io's <c>RECOVERABLE_DISCONNECT_REASONS</c>.</summary>
internal static class RecoverableDisconnectReasons
{
    private static readonly HashSet<string> Reasons = new(StringComparer.Ordinal)
    {
        EngineCloseReasons.TransportError,
        EngineCloseReasons.TransportClose,
        EngineCloseReasons.ForcedClose,
        EngineCloseReasons.PingTimeout,
        EngineCloseReasons.ServerShuttingDown,
        "forced server close",
    };

    public static bool Contains(string reason) => Reasons.Contains(reason);
}
