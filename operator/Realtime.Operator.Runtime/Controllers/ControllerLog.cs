using Microsoft.Extensions.Logging;
using Realtime.Operator.Runtime.Queue;

namespace Realtime.Operator.Runtime.Controllers;

internal static partial class ControllerLog
{
    [LoggerMessage(101, LogLevel.Information, "{Count} watches synced; starting {Controller}")]
    public static partial void WatchesSynced(ILogger logger, int count, string controller);

    [LoggerMessage(102, LogLevel.Warning, "Reconcile of {Key} failed ({Failures} in a row); retrying in {Delay}")]
    public static partial void ReconcileFailed(ILogger logger, Exception error, ObjectKey key, int failures, TimeSpan delay);
}
