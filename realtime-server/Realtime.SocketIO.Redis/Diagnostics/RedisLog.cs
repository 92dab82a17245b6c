using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Realtime.SocketIO.Redis.Diagnostics;

/// <summary>The log messages of the Redis backplane.</summary>
internal static partial class RedisLog
{
    [LoggerMessage(1, LogLevel.Information, "Redis backplane {Shard} connected")]
    public static partial void ShardConnected(ILogger logger, string shard);

    [LoggerMessage(2, LogLevel.Warning, "Redis backplane {Shard} unreachable; serving local clients and retrying")]
    public static partial void ShardUnreachable(ILogger logger, string shard);

    [LoggerMessage(3, LogLevel.Error, "Redis backplane {Shard} could not be set up; retrying in {Delay}")]
    public static partial void ShardSetupFailed(ILogger logger, string shard, TimeSpan delay, Exception exception);

    [LoggerMessage(4, LogLevel.Warning, "Redis backplane {Shard} lost its {Type} connection: {Failure}")]
    public static partial void ShardConnectionLost(ILogger logger, string shard, ConnectionType type,
        ConnectionFailureType failure);

    [LoggerMessage(5, LogLevel.Information, "Redis backplane {Shard} restored its {Type} connection")]
    public static partial void ShardConnectionRestored(ILogger logger, string shard, ConnectionType type);

    [LoggerMessage(6, LogLevel.Debug, "PUBLISH to {Channel} failed: {Error}")]
    public static partial void PublishFailed(ILogger logger, string channel, string error);

    [LoggerMessage(7, LogLevel.Warning, "PUBSUB NUMSUB {Channel} failed: {Error}")]
    public static partial void ServerCountFailed(ILogger logger, string channel, string error);

    [LoggerMessage(8, LogLevel.Error, "Redis subscription loop failed; retrying on the next pass")]
    public static partial void SubscriptionLoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(9, LogLevel.Information, "Redis subscriber {Name} connected")]
    public static partial void SubscriberConnected(ILogger logger, string name);

    [LoggerMessage(10, LogLevel.Warning, "Redis subscriber {Name}: the server closed the connection")]
    public static partial void SubscriberClosedByServer(ILogger logger, string name);

    [LoggerMessage(11, LogLevel.Warning, "Redis subscriber {Name} disconnected ({Error}); retrying in {Delay}")]
    public static partial void SubscriberDisconnected(ILogger logger, string name, string error, TimeSpan delay);

    [LoggerMessage(12, LogLevel.Error, "Redis subscriber {Name} failed; retrying in {Delay}")]
    public static partial void SubscriberFailed(ILogger logger, string name, TimeSpan delay, Exception exception);

    [LoggerMessage(13, LogLevel.Debug, "Redis subscriber {Name}: CLIENT SETNAME was refused: {Error}")]
    public static partial void ClientNameRefused(ILogger logger, string name, string? error);

    [LoggerMessage(14, LogLevel.Warning, "Redis subscriber {Name}: dropped a message: {Error}")]
    public static partial void OversizeMessageDropped(ILogger logger, string name, string error);

    [LoggerMessage(15, LogLevel.Warning, "Redis subscriber {Name}: {Error}")]
    public static partial void SubscriberErrorReply(ILogger logger, string name, string? error);

    [LoggerMessage(16, LogLevel.Error, "Handling a message from {Channel} failed")]
    public static partial void MessageHandlerFailed(ILogger logger, string channel, Exception exception);

    [LoggerMessage(17, LogLevel.Warning, "Redis subscriber {Name}: no reply for {Silence}; reconnecting")]
    public static partial void SubscriberSilent(ILogger logger, string name, TimeSpan silence);

    [LoggerMessage(18, LogLevel.Warning, "Answering fetchSockets request {RequestId} failed")]
    public static partial void FetchSocketsAnswerFailed(ILogger logger, string requestId, Exception exception);

    [LoggerMessage(19, LogLevel.Warning, "Ignored an undecodable message on {Channel}: {Error}")]
    public static partial void UndecodableMessage(ILogger logger, string channel, string error);

    [LoggerMessage(20, LogLevel.Information, "Redis backplane {Shard}: Sentinel names {Master} as master '{MasterName}'")]
    public static partial void SentinelMasterFound(ILogger logger, string shard, string master, string masterName);

    [LoggerMessage(21, LogLevel.Warning, "Redis backplane {Shard}: master switching from {Old} to {New}")]
    public static partial void SentinelMasterSwitching(ILogger logger, string shard, string old, string @new);

    [LoggerMessage(22, LogLevel.Error, "Redis backplane {Shard}: {Problem}")]
    public static partial void SentinelProblem(ILogger logger, string shard, string problem);

    [LoggerMessage(23, LogLevel.Debug, "Redis backplane {Shard}: sentinel {Sentinel} failed: {Error}")]
    public static partial void SentinelFailed(ILogger logger, string shard, System.Net.EndPoint sentinel, string error);

    [LoggerMessage(24, LogLevel.Information, "Redis backplane {Shard} connected to master {Master}")]
    public static partial void ShardConnectedToMaster(ILogger logger, string shard, string master);

    [LoggerMessage(25, LogLevel.Warning, "Namespace {Namespace}: the sessions of connected sockets could not be written to Redis: {Error}")]
    public static partial void SessionWriteFailed(ILogger logger, string @namespace, string error);
}
