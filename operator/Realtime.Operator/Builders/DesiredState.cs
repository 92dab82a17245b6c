using k8s;
using k8s.Models;
using Realtime.Operator.Api;
using Realtime.Operator.Builders.Routing;

namespace Realtime.Operator.Builders;

/// <summary>
/// Every child a RealtimeCluster should have, fully built. The controller applies exactly these and
/// <c>realtime-operator render</c> prints exactly these, so GitOps output and the live cluster agree.
/// </summary>
internal static class DesiredState
{
    /// <param name="cluster">A cluster that passed <see cref="Api.Validation.RealtimeClusterValidator"/>.</param>
    /// <param name="defaults">Values the operator picks for fields the spec leaves open.</param>
    /// <param name="redisPassword">
    /// The managed Redis password (see <see cref="NeedsRedisPassword"/>): the one in the existing Secret, or a
    /// new <see cref="RedisPassword.Generate"/>. Ignored when no password is needed.
    /// </param>
    public static IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Build(RealtimeCluster cluster, OperatorDefaults defaults, string? redisPassword)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(defaults);
        var children = new List<IKubernetesObject<V1ObjectMeta>>();
        if (RedisTopology.IsManaged(cluster))
        {
            if (NeedsRedisPassword(cluster))
            {
                if (string.IsNullOrEmpty(redisPassword))
                {
                    throw new ArgumentException("managed Redis with auth needs a password", nameof(redisPassword));
                }

                children.Add(RedisSecretBuilder.Build(cluster, redisPassword));
            }

            if (RedisTopology.IsHighlyAvailable(cluster))
            {
                children.Add(RedisScriptsConfigMapBuilder.Build(cluster));
            }

            for (var shard = 0; shard < cluster.Spec.Redis.Shards; shard++)
            {
                if (RedisTopology.IsHighlyAvailable(cluster))
                {
                    children.Add(RedisStatefulSetBuilder.Build(cluster, shard));
                    children.Add(RedisMembersServiceBuilder.Build(cluster, shard));
                    children.Add(RedisSentinelServiceBuilder.Build(cluster, shard));
                    children.Add(RedisDisruptionBudgetBuilder.Build(cluster, shard));
                    continue;
                }

                if (cluster.Spec.Redis.Persistence)
                {
                    children.Add(RedisDataClaimBuilder.Build(cluster, shard));
                }

                children.Add(RedisDeploymentBuilder.Build(cluster, shard));
                children.Add(RedisServiceBuilder.Build(cluster, shard));
            }

            children.Add(RedisNetworkPolicyBuilder.Build(cluster));
        }

        children.Add(ServerServiceBuilder.Build(cluster));
        children.Add(ServerDeploymentBuilder.Build(cluster, defaults));
        children.Add(DisruptionBudgetBuilder.Build(cluster));
        if (cluster.Spec.Autoscaling.Enabled)
        {
            children.Add(AutoscalerBuilder.Build(cluster));
        }

        if (RoutingBuilder.Build(cluster) is { } routing)
        {
            children.Add(routing);
        }

        return children;
    }

    /// <summary>Whether <see cref="Build"/> needs a Redis password: managed Redis with auth on.</summary>
    public static bool NeedsRedisPassword(RealtimeCluster cluster) => RedisTopology.UsesPassword(cluster);
}
