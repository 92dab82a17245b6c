using System.ComponentModel;
using k8s.Models;
using Realtime.Operator.Api.Schema;

namespace Realtime.Operator.Api;

/// <summary>The Redis pub/sub backplane that carries broadcasts between server pods.</summary>
public sealed class RedisSpec
{
    /// <summary>Redis 7, pinned so that an operator release always deploys the same server.</summary>
    public const string DefaultImage = "docker.io/library/redis:7.4.6-alpine";

    [Description("Managed: the operator runs Redis. External: the pods use urlSecretRef. None: no backplane, so at most one pod.")]
    public RedisMode Mode { get; set; } = RedisMode.Managed;

    [Description("Image of the managed Redis.")]
    [Length(1, 512)]
    public string Image { get; set; } = DefaultImage;

    [Description("CPU and memory requests and limits of each managed Redis.")]
    public V1ResourceRequirements? Resources { get; set; }

    [Description("Whether managed Redis writes data to disk. The backplane is pure pub/sub and needs none.")]
    public bool Persistence { get; set; }

    [Description("Managed Redis masters; channels are spread over them. Each shard is one Redis Deployment and Service, or with highAvailability one StatefulSet with its Sentinels.")]
    [NumberRange(1, 16)]
    public int Shards { get; set; } = 1;

    [Description("Whether managed Redis requires a password, generated once and kept in the Secret <name>-redis-auth.")]
    public bool AuthEnabled { get; set; } = true;

    [Description("Managed Redis with replicas and Redis Sentinel per shard, so that the backplane survives the loss of a Redis pod or node.")]
    public RedisHighAvailabilitySpec HighAvailability { get; set; } = new();

    [Description("Secret key holding the URL of an external Redis; required when mode is External. redis://[[user]:password@]host:port (comma-separated for several shards), or for Redis Sentinel redis+sentinel://[[user]:password@]sentinel1:26379[,sentinel2:26379...][/db[/masterName]] with one password for the Sentinels and the master. The password stays in the Secret.")]
    public SecretKeySelector? UrlSecretRef { get; set; }

    [Description("Pods of this namespace that may reach the managed Redis besides the server pods (the NetworkPolicy lets only those in): workers that emit with a write-only SocketIO(message_queue=...) or @socket.io/redis-emitter. Give them the URL from the Secret <name>-redis-auth, key urls. An empty selector admits every pod of the namespace.")]
    public V1LabelSelector? ClientPodSelector { get; set; }
}

/// <summary>Where the backplane comes from.</summary>
public enum RedisMode
{
    Managed,
    External,
    None,
}
