using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Realtime.Operator.Api;
using Realtime.Operator.Reconcile;
using Realtime.Testing;

namespace Realtime.Operator.E2E.Tests;

/// <summary>
/// Issue 11's reconciler defects on a real API server and kube-controller-manager: the replicas handover to the
/// HPA, a referenced Secret created late, credential rotation rolling the pods, and deletion held by a finalizer.
/// Every replicas value the server Deployment takes is recorded by a watch, so a dip cannot pass unseen.
/// </summary>
public sealed class ReconcileDefectsE2ETests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [E2EFact]
    public async Task Autoscaling_on_and_off_never_dips_the_server_replicas()
    {
        await using var cluster = await RealCluster.StartAsync();
        await cluster.CreateAsync("chat", new RealtimeClusterSpec { Replicas = 3, Routing = new RoutingSpec { Host = "chat.example.com" } });
        await Eventually.TrueAsync(async () => (await cluster.DeploymentAsync("chat"))?.Spec.Replicas == 3, Timeout, "3 replicas");
        await using var replicas = await ReplicasRecorder.StartAsync(cluster, "chat");

        await cluster.PatchSpecAsync("chat", """{"autoscaling":{"enabled":true,"minReplicas":2,"maxReplicas":6}}""");
        await Eventually.TrueAsync(
            async () => await cluster.AutoscalerAsync("chat") is not null && await cluster.DeploymentAsync("chat") is { } d && ReplicasHandover.HeldByAnotherManager(d) && !OperatorAppliesReplicas(d),
            Timeout,
            "HPA created and replicas handed over");
        await cluster.PatchSpecAsync("chat", """{"replicas":3,"autoscaling":{"enabled":false}}""");
        await Eventually.TrueAsync(
            async () => await cluster.AutoscalerAsync("chat") is null && await cluster.DeploymentAsync("chat") is { } d && OperatorAppliesReplicas(d)
                && !d.Metadata.ManagedFields.Any(e => e.Manager == ReplicasHandover.FieldManager),
            Timeout,
            "HPA gone and replicas owned by the operator again");

        // The HPA (with metrics) may move within [2, 6]; the defect was a drop to the Deployment default of 1.
        Assert.All(replicas.Seen, value => Assert.InRange(value, 2, 6));
    }

    [E2EFact]
    public async Task A_cluster_created_with_autoscaling_on_starts_at_min_replicas()
    {
        await using var cluster = await RealCluster.StartAsync();
        await using var replicas = await ReplicasRecorder.StartAsync(cluster, "chat");

        await cluster.CreateAsync("chat", new RealtimeClusterSpec
        {
            Routing = new RoutingSpec { Host = "chat.example.com" },
            Autoscaling = new AutoscalingSpec { Enabled = true, MinReplicas = 3, MaxReplicas = 6 },
        });
        await Eventually.TrueAsync(async () => await cluster.DeploymentAsync("chat") is { } d && ReplicasHandover.HeldByAnotherManager(d), Timeout, "created and handed over");

        Assert.NotEmpty(replicas.Seen);
        Assert.All(replicas.Seen, value => Assert.InRange(value, 3, 6));
    }

    [E2EFact]
    public async Task A_referenced_secret_created_late_is_noticed_within_seconds()
    {
        await using var cluster = await RealCluster.StartAsync();
        await cluster.CreateAsync("chat", new RealtimeClusterSpec
        {
            Routing = new RoutingSpec { Host = "chat.example.com" },
            Socketio = new SocketIOSpec { ApiTokenSecretRef = new SecretKeySelector { Name = "late-token" } },
        });
        await Eventually.TrueAsync(async () => await cluster.ConditionAsync("chat", "ConfigValid") == "False", Timeout, "ConfigValid False");

        await cluster.Client.CoreV1.CreateNamespacedSecretAsync(
            new V1Secret { Metadata = new V1ObjectMeta { Name = "late-token" }, StringData = new Dictionary<string, string> { ["token"] = "0123456789abcdef0123" } },
            cluster.Namespace);

        // The retry backoff alone took 14.5 s here and can reach 5 minutes; the Secret's watch takes well under 10.
        await Eventually.TrueAsync(async () => await cluster.ConditionAsync("chat", "ConfigValid") == "True", TimeSpan.FromSeconds(10), "ConfigValid True soon after the Secret");
    }

    [E2EFact]
    public async Task A_regenerated_redis_password_rolls_the_server_and_redis_pods()
    {
        await using var cluster = await RealCluster.StartAsync();
        await cluster.CreateAsync("chat", new RealtimeClusterSpec { Routing = new RoutingSpec { Host = "chat.example.com" } });
        await Eventually.TrueAsync(async () => await VersionAsync(cluster, "chat") is not null && await VersionAsync(cluster, "chat-redis") is not null, Timeout, "pod templates carry the credentials version");
        var (server, redis) = (await VersionAsync(cluster, "chat"), await VersionAsync(cluster, "chat-redis"));

        await cluster.Client.CoreV1.DeleteNamespacedSecretAsync("chat-redis-auth", cluster.Namespace);

        await Eventually.TrueAsync(async () => await VersionAsync(cluster, "chat") != server && await VersionAsync(cluster, "chat-redis") != redis, Timeout, "both templates carry the new Secret's version");

        // The Deployment controller rolls each to a second ReplicaSet.
        await Eventually.TrueAsync(
            async () => (await cluster.Client.AppsV1.ListNamespacedReplicaSetAsync(cluster.Namespace)).Items
                .Count(rs => rs.Metadata.OwnerReferences?.Any(o => o.Name == "chat-redis") == true) >= 2,
            Timeout,
            "the Redis Deployment rolled");
    }

    [E2EFact]
    public async Task Deleting_a_cluster_held_by_a_finalizer_removes_its_children_and_never_recreates_them()
    {
        await using var cluster = await RealCluster.StartAsync();
        await cluster.CreateAsync("chat", new RealtimeClusterSpec { Routing = new RoutingSpec { Host = "chat.example.com" } });
        await Eventually.TrueAsync(async () => await cluster.DeploymentAsync("chat") is not null && await cluster.ServiceAsync("chat") is not null, Timeout, "children created");
        await PatchClusterAsync(cluster, """{"metadata":{"finalizers":["e2e.realtime.dev/hold"]}}""");

        await cluster.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(
            RealtimeCluster.ApiGroup, RealtimeCluster.ApiVersionName, cluster.Namespace, RealtimeCluster.Plural, "chat", propagationPolicy: "Foreground");

        await Eventually.TrueAsync(
            async () => await cluster.DeploymentAsync("chat") is null && await cluster.DeploymentAsync("chat-redis") is null && await cluster.ServiceAsync("chat") is null,
            Timeout,
            "the garbage collector deleted the children");
        Assert.NotNull((await cluster.GetAsync("chat")).Metadata.DeletionTimestamp);

        // A resync of the deleting cluster must not apply a child again.
        await cluster.PatchSpecAsync("chat", """{"replicas":2}""");
        await Eventually.TrueAsync(async () => (await cluster.GetAsync("chat")).Metadata.Generation >= 2, Timeout, "spec edited while deleting");
        Assert.Null(await cluster.DeploymentAsync("chat"));

        await PatchClusterAsync(cluster, """{"metadata":{"finalizers":null}}""");
        await Eventually.TrueAsync(
            async () => (await cluster.Client.CustomObjects.ListNamespacedCustomObjectAsync<CustomList>(RealtimeCluster.ApiGroup, RealtimeCluster.ApiVersionName, cluster.Namespace, RealtimeCluster.Plural)).Items.Count == 0,
            Timeout,
            "cluster gone once its finalizer is");
    }

    private static bool OperatorAppliesReplicas(V1Deployment deployment) =>
        deployment.Metadata.ManagedFields.Any(entry => entry.Manager == RealtimeClusterController.FieldManager && entry.Operation == "Apply"
            && JsonNode.Parse(KubernetesJson.Serialize(entry.FieldsV1))?["f:spec"]?["f:replicas"] is not null);

    private static async Task<string?> VersionAsync(RealCluster cluster, string deployment) =>
        (await cluster.DeploymentAsync(deployment))?.Spec.Template.Metadata.Annotations?.TryGetValue(CredentialsVersion.Annotation, out var version) == true ? version : null;

    private static async Task PatchClusterAsync(RealCluster cluster, string mergePatch) =>
        await cluster.Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch(mergePatch, V1Patch.PatchType.MergePatch), RealtimeCluster.ApiGroup, RealtimeCluster.ApiVersionName, cluster.Namespace, RealtimeCluster.Plural, "chat");

    private sealed class CustomList
    {
        public List<JsonObject> Items { get; set; } = [];
    }

    /// <summary>Every spec.replicas one Deployment takes, from a watch started before the change under test.</summary>
    private sealed class ReplicasRecorder : IAsyncDisposable
    {
        private readonly ConcurrentQueue<int> _seen = new();
        private readonly CancellationTokenSource _stop = new();
        private Task _running = Task.CompletedTask;

        public IReadOnlyList<int> Seen => [.. _seen];

        public static async Task<ReplicasRecorder> StartAsync(RealCluster cluster, string name)
        {
            var recorder = new ReplicasRecorder();
            var from = (await cluster.Client.AppsV1.ListNamespacedDeploymentAsync(cluster.Namespace, fieldSelector: $"metadata.name={name}")).Metadata.ResourceVersion;
            recorder._running = Task.Run(async () =>
            {
                try
                {
                    await foreach (var (type, deployment) in cluster.Client.AppsV1.WatchListNamespacedDeploymentAsync(
                        cluster.Namespace, fieldSelector: $"metadata.name={name}", resourceVersion: from, cancellationToken: recorder._stop.Token))
                    {
                        if (type is WatchEventType.Added or WatchEventType.Modified && deployment.Spec?.Replicas is { } replicas)
                        {
                            recorder._seen.Enqueue(replicas);
                        }
                    }
                }
                catch (OperationCanceledException) when (recorder._stop.IsCancellationRequested)
                {
                    // Stopped by the test.
                }
            });
            return recorder;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _running.WaitAsync(TimeSpan.FromSeconds(10));
            _stop.Dispose();
        }
    }
}
