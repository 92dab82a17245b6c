using Realtime.Operator.Api;

namespace Realtime.Operator.Builders;

/// <summary>Where the managed Redis shards listen, and the URLs the server pods are given.</summary>
internal static class RedisTopology
{
    public const int Port = 6379;

    public static bool IsManaged(RealtimeCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return cluster.Spec.Redis.Mode == RedisMode.Managed;
    }

    public static bool UsesPassword(RealtimeCluster cluster) => IsManaged(cluster) && cluster.Spec.Redis.AuthEnabled;

    /// <summary><c>host:port</c> of each managed shard, by Service name, so it holds in any namespace.</summary>
    public static IReadOnlyList<string> Endpoints(RealtimeCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return Enumerable.Range(0, cluster.Spec.Redis.Shards).Select(shard => $"{ChildNames.RedisShard(cluster, shard)}:{Port}").ToList();
    }

    /// <summary>The comma-separated <c>REDIS_URLS</c> of the managed shards, with the password when auth is on.</summary>
    public static string Urls(RealtimeCluster cluster, string? password)
    {
        // Percent-encoded: a password from an existing Secret may hold '@', '/' or ':'.
        var credentials = password is null ? "" : $":{Uri.EscapeDataString(password)}@";
        return string.Join(",", Endpoints(cluster).Select(endpoint => $"redis://{credentials}{endpoint}"));
    }
}
