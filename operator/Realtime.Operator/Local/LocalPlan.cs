namespace Realtime.Operator.Local;

/// <summary>
/// What <c>realtime-operator local</c> starts on this machine for one RealtimeCluster: the rendered Kubernetes objects
/// translated to loopback processes. Pure data, built by <see cref="LocalPlanner"/>.
/// </summary>
/// <param name="StickyCookie">The affinity cookie the proxy inserts; null means round-robin (affinity off).</param>
/// <param name="Notes">What could not be carried over from the cluster, said once at start-up.</param>
public sealed record LocalPlan(
    string ClusterName,
    IReadOnlyList<LocalRedisShard> RedisShards,
    IReadOnlyList<LocalReplica> Replicas,
    string? StickyCookie,
    int ProxyPort,
    IReadOnlyList<string> Notes)
{
    public Uri Url => new($"http://127.0.0.1:{ProxyPort}/");
}

/// <summary>One realtime-server pod as a local process: its pod name, loopback port and environment.</summary>
public sealed record LocalReplica(string PodName, int Port, IReadOnlyDictionary<string, string> Environment);

/// <summary>One managed Redis shard as a local <c>redis-server</c>: the Service name it stands in for, and its command line.</summary>
/// <param name="Files">Files mounted from Secrets in the pod (the auth config), by local path, written before the start.</param>
public sealed record LocalRedisShard(string ServiceName, int Port, string DataDirectory, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Files);
