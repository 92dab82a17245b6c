using k8s.Models;
using Realtime.Operator.Api;
using Realtime.Operator.Reconcile;

namespace Realtime.Operator.Tests.Reconcile;

public sealed class StatusCalculatorTests
{
    private static readonly DateTime Now = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_redis_shard_without_any_reported_status_is_unknown_and_does_not_degrade_running_servers()
    {
        var status = StatusCalculator.Calculate(Observe(redisStatus: null), previous: null, Now);

        Assert.Equal("Unknown", Condition(status, ConditionTypes.RedisReady).Status);
        Assert.Equal("RedisStarting", Condition(status, ConditionTypes.RedisReady).Reason);
        Assert.Equal("False", Condition(status, ConditionTypes.Degraded).Status);
        Assert.Equal("False", Condition(status, ConditionTypes.Ready).Status);
    }

    [Fact]
    public void A_redis_shard_reported_not_ready_while_servers_run_degrades_the_cluster()
    {
        var reportedDown = new V1DeploymentStatus { ObservedGeneration = 1, ReadyReplicas = 0 };

        var status = StatusCalculator.Calculate(Observe(reportedDown), previous: null, Now);

        Assert.Equal("False", Condition(status, ConditionTypes.RedisReady).Status);
        Assert.Equal("True", Condition(status, ConditionTypes.Degraded).Status);
        Assert.Equal("RedisUnavailable", Condition(status, ConditionTypes.Degraded).Reason);
    }

    [Fact]
    public void With_autoscaling_desired_replicas_are_the_deployments_that_the_hpa_sets_not_the_specs()
    {
        var observed = Observe(new V1DeploymentStatus { ObservedGeneration = 1, ReadyReplicas = 1 });
        observed.Cluster.Spec.Replicas = 4;
        observed.Cluster.Spec.Autoscaling.Enabled = true;
        observed.Server!.Spec = new V1DeploymentSpec { Replicas = 3 };

        var status = StatusCalculator.Calculate(observed, previous: null, Now);

        Assert.Equal((3, 2, 2), (status.DesiredReplicas, status.Replicas, status.ReadyReplicas));
    }

    [Fact]
    public void Without_autoscaling_desired_replicas_are_the_specs()
    {
        var observed = Observe(new V1DeploymentStatus { ObservedGeneration = 1, ReadyReplicas = 1 });
        observed.Cluster.Spec.Replicas = 4;

        Assert.Equal(4, StatusCalculator.Calculate(observed, previous: null, Now).DesiredReplicas);
    }

    private static Observation Observe(V1DeploymentStatus? redisStatus) => new()
    {
        Cluster = new RealtimeCluster { Metadata = new V1ObjectMeta { Name = "chat", Generation = 1 } },
        Server = new V1Deployment
        {
            Metadata = new V1ObjectMeta { Name = "chat", Generation = 1 },
            Status = new V1DeploymentStatus { ObservedGeneration = 1, Replicas = 2, ReadyReplicas = 2, UpdatedReplicas = 2 },
        },
        RedisShards = [new V1Deployment { Metadata = new V1ObjectMeta { Name = "chat-redis", Generation = 1 }, Status = redisStatus }],
        Routing = new RoutingObservation(true, "Ready", "ready"),
    };

    private static V1Condition Condition(RealtimeClusterStatus status, string type) =>
        Assert.Single(status.Conditions!, condition => condition.Type == type);
}
