using Microsoft.Extensions.Logging;

namespace Realtime.Operator.Runtime.Leadership;

internal static partial class LeaderGateLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Leader is now {Identity}")]
    public static partial void NewLeader(ILogger logger, string identity);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Leader election attempt failed")]
    public static partial void AttemptFailed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} acquired the lease {Namespace}/{Lease}")]
    public static partial void Acquired(ILogger logger, string identity, string @namespace, string lease);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Identity} lost the lease {Namespace}/{Lease}; work stopped")]
    public static partial void Lost(ILogger logger, string identity, string @namespace, string lease);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Leader election failed; campaigning again")]
    public static partial void ElectionFailed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Work of the leadership term failed")]
    public static partial void WorkFailed(ILogger logger, Exception error);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Identity} released the lease {Namespace}/{Lease} on shutdown")]
    public static partial void Released(ILogger logger, string identity, string @namespace, string lease);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Identity} could not release the lease {Namespace}/{Lease}; a standby takes over when it expires")]
    public static partial void ReleaseFailed(ILogger logger, Exception error, string identity, string @namespace, string lease);
}
