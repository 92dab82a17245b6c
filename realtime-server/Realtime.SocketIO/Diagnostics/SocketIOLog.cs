using Microsoft.Extensions.Logging;

namespace Realtime.SocketIO.Diagnostics;

/// <summary>The log messages of the Socket.IO layer.</summary>
internal static partial class SocketIOLog
{
    [LoggerMessage(1, LogLevel.Error, "Socket {SocketId}: the handler of '{EventName}' failed")]
    public static partial void HandlerFailed(ILogger logger, string socketId, string eventName, Exception exception);

    [LoggerMessage(2, LogLevel.Debug,
        "Connection {ConnectionId} closed for breaking the protocol: {Reason} ({Suppressed} such closes not logged before it)")]
    public static partial void ProtocolViolation(ILogger logger, string connectionId, string reason, long suppressed);

    [LoggerMessage(3, LogLevel.Error, "Middleware of namespace {Namespace} failed")]
    public static partial void MiddlewareFailed(ILogger logger, string @namespace, Exception exception);

    [LoggerMessage(4, LogLevel.Debug, "Connection {ConnectionId} joined no namespace within the connect timeout")]
    public static partial void ConnectTimeout(ILogger logger, string connectionId);

    [LoggerMessage(5, LogLevel.Error, "Namespace {Namespace}: the server-side handler of '{EventName}' failed")]
    public static partial void ServerSideHandlerFailed(ILogger logger, string @namespace, string eventName,
        Exception exception);

    [LoggerMessage(6, LogLevel.Warning,
        "Namespace {Namespace}: a session could not be restored ({ErrorType}: {Error}); the client connects as a new socket")]
    public static partial void RestoreFailed(ILogger logger, string @namespace, string errorType, string error);

    [LoggerMessage(7, LogLevel.Warning, "Namespace {Namespace}: a session could not be kept ({ErrorType}: {Error})")]
    public static partial void PersistFailed(ILogger logger, string @namespace, string errorType, string error);
}
