using Microsoft.Extensions.Logging;

namespace Realtime.Operator.Runtime.Watching;

internal static partial class WatchLog
{
    [LoggerMessage(201, LogLevel.Debug, "{Resource} is not served by this cluster; looking again in {Delay}")]
    public static partial void NotServed(ILogger logger, string resource, TimeSpan delay);

    [LoggerMessage(202, LogLevel.Warning, "Watch of {Resource} failed ({Failures} in a row); retrying in {Delay}")]
    public static partial void WatchFailed(ILogger logger, Exception error, string resource, int failures, TimeSpan delay);

    [LoggerMessage(203, LogLevel.Information, "Watch of {Resource} was silent for {Timeout}; reopening it")]
    public static partial void Silent(ILogger logger, string resource, TimeSpan timeout);

    [LoggerMessage(204, LogLevel.Information, "Watch of {Resource} expired (410 Gone); listing again")]
    public static partial void Expired(ILogger logger, string resource);
}
