using Realtime.Operator.Api;

namespace Realtime.Operator.Builders;

/// <summary>
/// The labels of every child. They come from the cluster's name only, never from its own labels: GitOps tools
/// track objects by label and would otherwise claim (and prune) the operator's children.
/// </summary>
internal static class ChildLabels
{
    public const string Name = "app.kubernetes.io/name";
    public const string Instance = "app.kubernetes.io/instance";
    public const string Component = "app.kubernetes.io/component";
    public const string PartOf = "app.kubernetes.io/part-of";
    public const string ManagedBy = "app.kubernetes.io/managed-by";
    public const string RedisShard = "realtime.dev/redis-shard";

    public const string ManagerName = "realtime-operator";
    public const string ServerComponent = "server";
    public const string RedisComponent = "redis";
    public const string RoutingComponent = "routing";

    /// <summary>All labels of a child of the given component.</summary>
    public static Dictionary<string, string> For(RealtimeCluster cluster, string component)
    {
        var labels = Selector(cluster, component);
        labels[PartOf] = "realtime";
        labels[ManagedBy] = ManagerName;
        return labels;
    }

    /// <summary>The immutable subset used in selectors (Deployment selectors cannot change later).</summary>
    public static Dictionary<string, string> Selector(RealtimeCluster cluster, string component)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return new Dictionary<string, string>
        {
            [Name] = component == RedisComponent ? "redis" : "realtime-server",
            [Instance] = cluster.Metadata.Name,
            [Component] = component,
        };
    }

    /// <summary>The <c>status.selector</c> string of the server pods, for the scale subresource.</summary>
    public static string ServerSelectorString(RealtimeCluster cluster) =>
        string.Join(",", Selector(cluster, ServerComponent).OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));
}
