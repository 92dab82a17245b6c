using System.ComponentModel;
using Realtime.Operator.Api.Schema;

namespace Realtime.Operator.Api;

/// <summary>
/// Managed Redis that survives the loss of any one Redis pod or node: per shard, a StatefulSet of Redis pods (one
/// master, the rest replicas), each with a Redis Sentinel beside it that elects a new master when the old one fails.
/// </summary>
public sealed class RedisHighAvailabilitySpec
{
    public const int MinimumReplicas = 3;

    [Description("Run each managed shard as Redis with replicas and Redis Sentinel, so that losing one Redis pod or node costs a failover (seconds) instead of the backplane until the pod is rescheduled. Needs mode Managed and authEnabled. The pods then get a redis+sentinel:// URL: the bundled server, Flask-SocketIO on python-socketio 5.13 or newer, and Node apps that build an ioredis Sentinel client from it understand it.")]
    public bool Enabled { get; set; }

    [Description("Redis pods per shard, each running redis-server and a Sentinel: one master, the others replicas. At least 3, so that a majority of Sentinels survives the loss of one pod.")]
    [NumberRange(MinimumReplicas, 9)]
    public int Replicas { get; set; } = MinimumReplicas;

    [Description("The Sentinels of each shard.")]
    public SentinelSpec Sentinel { get; set; } = new();
}
