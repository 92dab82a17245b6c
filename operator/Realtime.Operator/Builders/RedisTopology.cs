using System.Globalization;
using Realtime.Operator.Api;

namespace Realtime.Operator.Builders;

/// <summary>Where the managed Redis shards listen, and the URLs the server pods are given.</summary>
internal static class RedisTopology
{
    public const int Port = 6379;

    public const int SentinelPort = SentinelSpec.Port;

    /// <summary>The database in the sentinel URL; pub/sub ignores it, python-socketio's URL form needs it before the master name.</summary>
    public const int Database = 0;

    public static bool IsManaged(RealtimeCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return cluster.Spec.Redis.Mode == RedisMode.Managed;
    }

    /// <summary>Whether each managed shard is a StatefulSet with Sentinels rather than one Deployment.</summary>
    public static bool IsHighlyAvailable(RealtimeCluster cluster) => IsManaged(cluster) && cluster.Spec.Redis.HighAvailability.Enabled;

    public static bool UsesPassword(RealtimeCluster cluster) => IsManaged(cluster) && cluster.Spec.Redis.AuthEnabled;

    /// <summary>The name the Sentinels of a shard know its master by: the shard's own name, unique in the namespace.</summary>
    public static string MasterName(RealtimeCluster cluster, int shard) => ChildNames.RedisShard(cluster, shard);

    /// <summary>
    /// Where clients reach each managed shard, by Service name so it holds in any namespace: the master's
    /// <c>host:port</c>, or with high availability the shard's Sentinel Service.
    /// </summary>
    public static IReadOnlyList<string> Endpoints(RealtimeCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return Enumerable.Range(0, cluster.Spec.Redis.Shards)
            .Select(shard => IsHighlyAvailable(cluster)
                ? $"{ChildNames.RedisSentinel(cluster, shard)}:{SentinelPort}"
                : $"{ChildNames.RedisShard(cluster, shard)}:{Port}")
            .ToList();
    }

    /// <summary>
    /// The Sentinels of one shard by their pods' stable names (<c>pod.headless-service</c>): a client that lists
    /// every member still finds a Sentinel when one pod is gone, which one Service address cannot promise while
    /// its endpoints catch up.
    /// </summary>
    public static IReadOnlyList<string> SentinelMembers(RealtimeCluster cluster, int shard)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return Enumerable.Range(0, cluster.Spec.Redis.HighAvailability.Replicas)
            .Select(ordinal => $"{ChildNames.RedisMember(cluster, shard, ordinal)}.{ChildNames.RedisMembers(cluster, shard)}:{SentinelPort}")
            .ToList();
    }

    /// <summary>
    /// The comma-separated <c>REDIS_URLS</c> of the managed shards, with the password when auth is on: one
    /// <c>redis://</c> URL per master, or with high availability one
    /// <c>redis+sentinel://:password@sentinel1,sentinel2,sentinel3/db/masterName</c> per shard (python-socketio's form).
    /// </summary>
    public static string Urls(RealtimeCluster cluster, string? password)
    {
        ArgumentNullException.ThrowIfNull(cluster);

        // Percent-encoded: a password from an existing Secret may hold '@', '/' or ':'.
        var credentials = password is null ? "" : $":{Uri.EscapeDataString(password)}@";
        if (IsHighlyAvailable(cluster))
        {
            return string.Join(",", Enumerable.Range(0, cluster.Spec.Redis.Shards).Select(shard =>
                $"redis+sentinel://{credentials}{string.Join(",", SentinelMembers(cluster, shard))}/{Database.ToString(CultureInfo.InvariantCulture)}/{MasterName(cluster, shard)}"));
        }

        return string.Join(",", Endpoints(cluster).Select(endpoint => $"redis://{credentials}{endpoint}"));
    }
}
