using Microsoft.Extensions.Logging;

namespace Realtime.SocketIO.Redis.Backplane;

internal static partial class ShardLog
{
    [LoggerMessage(1511, LogLevel.Information, "Redis backplane {Shard} connected to master {Master}")]
    public static partial void Connected(ILogger logger, string shard, string master);
}
