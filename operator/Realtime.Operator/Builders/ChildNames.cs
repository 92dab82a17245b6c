using Realtime.Operator.Api;

namespace Realtime.Operator.Builders;

/// <summary>Names of the children of a RealtimeCluster, all derived from its name.</summary>
internal static class ChildNames
{
    public static string Server(RealtimeCluster cluster) => NameOf(cluster);

    public static string RedisSecret(RealtimeCluster cluster) => $"{NameOf(cluster)}-redis-auth";

    public static string RedisNetworkPolicy(RealtimeCluster cluster) => $"{NameOf(cluster)}-redis";

    /// <summary>The Deployment and Service of one Redis shard; a single shard has no index suffix.</summary>
    public static string RedisShard(RealtimeCluster cluster, int shard)
    {
        var name = NameOf(cluster);
        return cluster.Spec.Redis.Shards == 1 ? $"{name}-redis" : $"{name}-redis-{shard}";
    }

    public static string RedisData(RealtimeCluster cluster, int shard) => $"{RedisShard(cluster, shard)}-data";

    /// <summary>The headless Service that gives each Redis pod of a high-availability shard a stable DNS name.</summary>
    public static string RedisMembers(RealtimeCluster cluster, int shard) => $"{RedisShard(cluster, shard)}-headless";

    /// <summary>The ClusterIP Service of a high-availability shard's Sentinels.</summary>
    public static string RedisSentinel(RealtimeCluster cluster, int shard) => $"{RedisShard(cluster, shard)}-sentinel";

    /// <summary>The ConfigMap with the start and readiness scripts of the high-availability Redis pods.</summary>
    public static string RedisScripts(RealtimeCluster cluster) => $"{NameOf(cluster)}-redis-scripts";

    /// <summary>A Redis pod of a high-availability shard: the StatefulSet's pod of that ordinal.</summary>
    public static string RedisMember(RealtimeCluster cluster, int shard, int ordinal) => $"{RedisShard(cluster, shard)}-{ordinal}";

    private static string NameOf(RealtimeCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return cluster.Metadata?.Name is { Length: > 0 } name
            ? name
            : throw new ArgumentException("a RealtimeCluster needs metadata.name", nameof(cluster));
    }
}
