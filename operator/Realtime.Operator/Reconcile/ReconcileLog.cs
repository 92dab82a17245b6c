using Microsoft.Extensions.Logging;
using Realtime.Operator.Runtime.Queue;

namespace Realtime.Operator.Reconcile;

internal static partial class ReconcileLog
{
    [LoggerMessage(1101, LogLevel.Warning, "Applying {Child} of {Key} failed: {Message}")]
    public static partial void ApplyFailed(ILogger logger, string child, ObjectKey key, string message);
}
