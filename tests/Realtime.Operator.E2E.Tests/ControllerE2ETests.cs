using k8s;
using Realtime.Operator.Api;
using Realtime.Testing;

namespace Realtime.Operator.E2E.Tests;

/// <summary>
/// The fake-API scenarios, against a real API server. Pod readiness needs the realtime-server image in the
/// cluster (kind load / k3d image import); the scenarios here check what the API server alone decides.
/// </summary>
public sealed class ControllerE2ETests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [E2EFact]
    public async Task Creating_a_cluster_creates_its_children_and_reports_status_for_its_generation()
    {
        await using var cluster = await RealCluster.StartAsync();
        await cluster.CreateAsync("chat", new RealtimeClusterSpec { Routing = new RoutingSpec { Host = "chat.example.com" } });

        await Eventually.TrueAsync(async () => await cluster.DeploymentAsync("chat") is not null && await cluster.DeploymentAsync("chat-redis") is not null, Timeout, "deployments created");
        await Eventually.TrueAsync(async () => (await cluster.GetAsync("chat")).Status?.ObservedGeneration == 1, Timeout, "status observed generation 1");
        Assert.NotNull(await cluster.ServiceAsync("chat"));
        Assert.NotNull(await cluster.IngressAsync("chat"));
        Assert.Equal("True", await cluster.ConditionAsync("chat", "ConfigValid"));
    }

    [E2EFact]
    public async Task Edits_are_applied_and_hand_made_changes_are_undone()
    {
        await using var cluster = await RealCluster.StartAsync();
        await cluster.CreateAsync("chat", new RealtimeClusterSpec { Routing = new RoutingSpec { Host = "chat.example.com" } });
        await Eventually.TrueAsync(async () => await cluster.ServiceAsync("chat") is not null, Timeout, "service created");

        await cluster.PatchSpecAsync("chat", """{"replicas":3}""");
        await Eventually.TrueAsync(async () => (await cluster.DeploymentAsync("chat"))?.Spec.Replicas == 3, Timeout, "replicas 3");

        await cluster.Client.CoreV1.DeleteNamespacedServiceAsync("chat", cluster.Namespace);
        await Eventually.TrueAsync(async () => await cluster.ServiceAsync("chat") is { Metadata.DeletionTimestamp: null }, Timeout, "service restored");
    }

    [E2EFact]
    public async Task Routing_and_autoscaling_switches_prune_what_is_no_longer_wanted()
    {
        await using var cluster = await RealCluster.StartAsync();
        await cluster.CreateAsync("chat", new RealtimeClusterSpec
        {
            Routing = new RoutingSpec { Host = "chat.example.com" },
            Autoscaling = new AutoscalingSpec { Enabled = true, MinReplicas = 2, MaxReplicas = 5 },
        });
        await Eventually.TrueAsync(async () => await cluster.AutoscalerAsync("chat") is not null && await cluster.IngressAsync("chat") is not null, Timeout, "HPA and Ingress created");

        await cluster.PatchSpecAsync("chat", """{"routing":{"provider":"None"},"autoscaling":{"enabled":false}}""");

        await Eventually.TrueAsync(async () => await cluster.AutoscalerAsync("chat") is null && await cluster.IngressAsync("chat") is null, Timeout, "HPA and Ingress deleted");
    }

    [E2EFact]
    public async Task A_missing_secret_is_reported_in_conditions_and_events()
    {
        await using var cluster = await RealCluster.StartAsync();
        await cluster.CreateAsync("chat", new RealtimeClusterSpec
        {
            Routing = new RoutingSpec { Host = "chat.example.com" },
            Socketio = new SocketIOSpec { ApiTokenSecretRef = new SecretKeySelector { Name = "missing-token" } },
        });

        await Eventually.TrueAsync(async () => await cluster.ConditionAsync("chat", "ConfigValid") == "False", Timeout, "ConfigValid False");
        await Eventually.TrueAsync(async () => (await cluster.EventsAsync("chat")).Any(e => e.Reason == "SecretNotFound" && e.Type == "Warning"), Timeout, "warning event");
    }
}
