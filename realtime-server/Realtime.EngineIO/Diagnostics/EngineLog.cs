using Microsoft.Extensions.Logging;

namespace Realtime.EngineIO;

internal static partial class EngineLog
{
    [LoggerMessage(1, LogLevel.Debug, "Engine.IO connection {Id} opened over {Transport}")]
    public static partial void Opened(ILogger logger, string id, string transport);

    [LoggerMessage(2, LogLevel.Debug, "Engine.IO connection {Id} closed: {Reason}")]
    public static partial void Closed(ILogger logger, string id, string reason);

    [LoggerMessage(3, LogLevel.Warning,
        "Engine.IO connection {Id} dropped as a slow consumer: it had more than {MessageLimit} messages or {ByteLimit} bytes pending")]
    public static partial void SlowConsumer(ILogger logger, string id, int messageLimit, long byteLimit);

    [LoggerMessage(4, LogLevel.Information, "Engine.IO connection {Id} broke the protocol and is closed: {Reason}")]
    public static partial void ProtocolViolation(ILogger logger, string id, string reason);

    [LoggerMessage(5, LogLevel.Error, "The Engine.IO connection handler failed for {Id}")]
    public static partial void HandlerFailed(ILogger logger, string id, Exception exception);

    [LoggerMessage(6, LogLevel.Debug, "Engine.IO request refused with code {Code}: {Message}")]
    public static partial void Refused(ILogger logger, int code, string message);

    [LoggerMessage(7, LogLevel.Debug, "Engine.IO connection {Id} upgraded to websocket")]
    public static partial void Upgraded(ILogger logger, string id);
}
