using k8s.Models;
using Realtime.Operator.Api;
using Realtime.Operator.Builders;

namespace Realtime.Operator.Reconcile;

/// <summary>
/// Turns an <see cref="Observation"/> into the status: counts from the server Deployment's status, Redis and
/// routing readiness, and the conditions. Ready is the first failing check of an ordered chain, so its reason
/// always names the one thing to look at.
/// </summary>
internal static class StatusCalculator
{
    public static RealtimeClusterStatus Calculate(Observation observed, RealtimeClusterStatus? previous, DateTime now)
    {
        var cluster = observed.Cluster;
        var generation = cluster.Metadata.Generation ?? 0;
        var conditions = new Conditions(previous?.Conditions, generation, now);
        var server = observed.Server;
        var desired = DesiredReplicas(cluster, server);
        var replicas = server?.Status?.Replicas ?? 0;
        var ready = server?.Status?.ReadyReplicas ?? 0;
        var updated = server?.Status?.UpdatedReplicas ?? 0;
        var rolledOut = server is not null
            && (server.Status?.ObservedGeneration ?? 0) >= (server.Metadata.Generation ?? 0)
            && updated >= desired && ready >= desired && replicas <= desired;

        SetConfigValid(conditions, observed);
        conditions.Set(
            ConditionTypes.Available,
            ready > 0,
            server is null ? "ServerNotCreated" : ready > 0 ? "MinimumReplicasAvailable" : "NoReadyReplicas",
            $"{ready}/{desired} server pods ready");
        conditions.Set(
            ConditionTypes.Progressing,
            server is not null && !rolledOut,
            rolledOut ? "RolloutComplete" : "RollingOut",
            $"{updated}/{desired} server pods updated, {ready}/{desired} ready");
        var redisReady = SetRedisReady(conditions, cluster, observed);
        conditions.Set(ConditionTypes.RoutingReady, observed.Routing.Ready, observed.Routing.Reason, observed.Routing.Message);
        SetDegraded(conditions, observed);
        SetReady(conditions, rolledOut, desired);

        return new RealtimeClusterStatus
        {
            ObservedGeneration = generation,
            DesiredReplicas = desired,
            Replicas = replicas,
            ReadyReplicas = ready,
            UpdatedReplicas = updated,
            Selector = ChildLabels.ServerSelectorString(cluster),
            Redis = cluster.Spec.Redis.Mode == RedisMode.Managed
                ? new RedisStatus { Ready = redisReady, Endpoints = [.. RedisTopology.Endpoints(cluster)] }
                : null,
            Routing = RoutingStatusOf(cluster, observed.Routing),
            Conditions = conditions.ToList(),
        };
    }

    /// <summary>The server pods asked for: the spec's, or with autoscaling the HPA's current choice.</summary>
    public static int DesiredReplicas(RealtimeCluster cluster, V1Deployment? server) =>
        cluster.Spec.Autoscaling.Enabled
            ? server?.Spec?.Replicas ?? cluster.Spec.Autoscaling.MinReplicas
            : cluster.Spec.Replicas;

    private static void SetConfigValid(Conditions conditions, Observation observed)
    {
        if (observed.SpecErrors.Count > 0)
        {
            conditions.Set(ConditionTypes.ConfigValid, false, "InvalidSpec", string.Join("; ", observed.SpecErrors));
        }
        else if (observed.ReferenceProblems.Count > 0)
        {
            conditions.Set(ConditionTypes.ConfigValid, false, observed.ReferenceProblems[0].Reason, string.Join("; ", observed.ReferenceProblems.Select(p => p.Message)));
        }
        else
        {
            conditions.Set(ConditionTypes.ConfigValid, true, "Valid", "The spec is valid and every Secret it references exists.");
        }
    }

    private static bool SetRedisReady(Conditions conditions, RealtimeCluster cluster, Observation observed)
    {
        var shards = observed.RedisShards;
        if (RedisTopology.IsHighlyAvailable(cluster))
        {
            var (status, reason, message) = SentinelShardReadiness.Of(cluster, observed.RedisStatefulSets);
            conditions.Set(ConditionTypes.RedisReady, status, reason, message);
            return status == true;
        }

        switch (cluster.Spec.Redis.Mode)
        {
            case RedisMode.None:
                conditions.Set(ConditionTypes.RedisReady, true, "NotRequired", "redis.mode is None: a single pod needs no backplane.");
                return true;
            case RedisMode.External:
                conditions.Set(ConditionTypes.RedisReady, true, "External", "The pods use the external Redis named by redis.urlSecretRef.");
                return true;
            default:
                var total = cluster.Spec.Redis.Shards;
                var readyShards = shards.Count(shard => (shard.Status?.ReadyReplicas ?? 0) > 0);
                var ready = readyShards >= total;
                // A shard the cluster has not reported on yet is not known to be down: a fresh Deployment's snapshot
                // can predate its first status, and calling that False would raise a false "Redis unavailable".
                var unreported = !ready && shards.Count(shard => shard.Status?.ObservedGeneration is not null) < total;
                conditions.Set(
                    ConditionTypes.RedisReady,
                    ready ? true : unreported ? null : false,
                    ready ? "Ready" : unreported ? "RedisStarting" : "RedisNotReady",
                    $"{readyShards}/{total} Redis shards ready");
                return ready;
        }
    }

    private static void SetDegraded(Conditions conditions, Observation observed)
    {
        if (observed.ApplyErrors.Count > 0)
        {
            conditions.Set(ConditionTypes.Degraded, true, "ApplyFailed", string.Join("; ", observed.ApplyErrors));
        }
        else if (conditions.StatusOf(ConditionTypes.ConfigValid) == false)
        {
            conditions.Set(ConditionTypes.Degraded, true, "ConfigInvalid", "The spec cannot work as written; see ConfigValid.");
        }
        else if (conditions.StatusOf(ConditionTypes.Available) == true && conditions.StatusOf(ConditionTypes.RedisReady) == false)
        {
            conditions.Set(ConditionTypes.Degraded, true, "RedisUnavailable", "Server pods run but the Redis backplane is not ready: broadcasts do not cross pods.");
        }
        else
        {
            conditions.Set(ConditionTypes.Degraded, false, "AsExpected", "");
        }
    }

    private static void SetReady(Conditions conditions, bool rolledOut, int desired)
    {
        (string Check, string Reason)[] chain =
        [
            (ConditionTypes.ConfigValid, "ConfigInvalid"),
            (ConditionTypes.Available, "NotAvailable"),
            (ConditionTypes.RedisReady, "RedisNotReady"),
            (ConditionTypes.RoutingReady, "RoutingNotReady"),
        ];
        foreach (var (check, reason) in chain)
        {
            if (conditions.StatusOf(check) != true)
            {
                conditions.Set(ConditionTypes.Ready, false, reason, $"{check} is not True.");
                return;
            }
        }

        if (!rolledOut)
        {
            conditions.Set(ConditionTypes.Ready, false, "RollingOut", "Server pods are rolling out; see Progressing.");
        }
        else if (conditions.StatusOf(ConditionTypes.Degraded) == true)
        {
            conditions.Set(ConditionTypes.Ready, false, "Degraded", "See Degraded.");
        }
        else
        {
            conditions.Set(ConditionTypes.Ready, true, "Ready", $"All {desired} server pods are ready, with their backplane and routing.");
        }
    }

    private static RoutingStatus? RoutingStatusOf(RealtimeCluster cluster, RoutingObservation routing)
    {
        var spec = cluster.Spec.Routing;
        if (spec.Provider == RoutingProvider.None)
        {
            return null;
        }

        var scheme = spec.Tls is not null ? "https" : "http";
        return new RoutingStatus
        {
            Host = spec.Host,
            Address = routing.Address,
            Url = spec.Host is { Length: > 0 } host ? $"{scheme}://{host}{cluster.Spec.Socketio.Path}" : null,
        };
    }
}
