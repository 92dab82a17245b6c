using Microsoft.Extensions.Logging;

namespace Realtime.Operator.Runtime.Leadership;

internal static partial class LeaderGateLog
{
    [LoggerMessage(401, LogLevel.Information, "Leader is now {Identity}")]
    public static partial void NewLeader(ILogger logger, string identity);

    [LoggerMessage(402, LogLevel.Debug, "Leader election attempt failed")]
    public static partial void AttemptFailed(ILogger logger, Exception error);

    [LoggerMessage(403, LogLevel.Information, "{Identity} acquired the lease {Namespace}/{Lease}")]
    public static partial void Acquired(ILogger logger, string identity, string @namespace, string lease);

    [LoggerMessage(404, LogLevel.Warning, "{Identity} lost the lease {Namespace}/{Lease}; work stopped")]
    public static partial void Lost(ILogger logger, string identity, string @namespace, string lease);

    [LoggerMessage(405, LogLevel.Warning, "Leader election failed; campaigning again")]
    public static partial void ElectionFailed(ILogger logger, Exception error);

    [LoggerMessage(406, LogLevel.Error, "Work of the leadership term failed")]
    public static partial void WorkFailed(ILogger logger, Exception error);

    [LoggerMessage(407, LogLevel.Information, "{Identity} released the lease {Namespace}/{Lease} on shutdown")]
    public static partial void Released(ILogger logger, string identity, string @namespace, string lease);

    [LoggerMessage(408, LogLevel.Warning, "{Identity} could not release the lease {Namespace}/{Lease}; a standby takes over when it expires")]
    public static partial void ReleaseFailed(ILogger logger, Exception error, string identity, string @namespace, string lease);
}
