using System.Net;
using Microsoft.Extensions.Logging;

namespace Realtime.SocketIO.Redis.Sentinel;

internal static partial class SentinelLog
{
    [LoggerMessage(1501, LogLevel.Information, "Redis backplane {Shard}: Sentinel names {Master} as master '{MasterName}'")]
    public static partial void MasterFound(ILogger logger, string shard, string master, string masterName);

    [LoggerMessage(1502, LogLevel.Warning, "Redis backplane {Shard}: master switching from {Old} to {New}")]
    public static partial void MasterSwitching(ILogger logger, string shard, string old, string @new);

    [LoggerMessage(1503, LogLevel.Error, "Redis backplane {Shard}: {Problem}")]
    public static partial void Problem(ILogger logger, string shard, string problem);

    [LoggerMessage(1504, LogLevel.Debug, "Redis backplane {Shard}: sentinel {Sentinel} failed: {Error}")]
    public static partial void SentinelFailed(ILogger logger, string shard, EndPoint sentinel, string error);
}
