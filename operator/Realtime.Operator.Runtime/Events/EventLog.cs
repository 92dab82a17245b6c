using Microsoft.Extensions.Logging;

namespace Realtime.Operator.Runtime.Events;

internal static partial class EventLog
{
    [LoggerMessage(301, LogLevel.Debug, "Could not record event {Reason} on {Namespace}/{Name}")]
    public static partial void RecordFailed(ILogger logger, Exception error, string reason, string @namespace, string name);
}
