using System.Globalization;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Realtime.Operator.Reconcile;
using Realtime.Testing;

namespace Realtime.Operator.Tests.Reconcile;

/// <summary>
/// Defect 2 of issue 11: turning autoscaling on dropped a running Deployment to 1 pod and a cluster created with
/// autoscaling on started at 1, because the operator was the only server-side-apply owner of spec.replicas. Every
/// value the server Deployment's replicas took is read back from the fake's watch history.
/// </summary>
public sealed class AutoscalingHandoverTests : IAsyncLifetime
{
    private const string ChildKindManager = RealtimeClusterController.FieldManager;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private OperatorHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _harness = await OperatorHarness.StartAsync();
        _harness.StartOperator();
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task Turning_autoscaling_on_keeps_the_running_pods_and_hands_replicas_to_another_owner()
    {
        var start = Version();
        await _harness.CreateClusterAsync("chat", """{"replicas":3,"routing":{"host":"chat.example.com"}}""");
        await Eventually.TrueAsync(() => _harness.IsReady("chat") && ReadyReplicas() == 3, Timeout, "3 pods ready");

        await _harness.PatchSpecAsync("chat", """{"autoscaling":{"enabled":true,"minReplicas":2,"maxReplicas":6}}""");
        await Eventually.TrueAsync(() => _harness.Child("horizontalpodautoscalers", "chat") is not null && _harness.IsReady("chat") && OperatorLetGo(), Timeout, "HPA applied and replicas handed over");

        Assert.All(await ReplicasHistory(start), replicas => Assert.Equal(3, replicas));
        Assert.Equal([ReplicasHandover.FieldManager], ReplicasOwners());

        // The HPA's first change takes the field, as kube-controller-manager's scale writes do.
        await _harness.Client.AppsV1.ReplaceNamespacedDeploymentScaleAsync(Scale(5), "chat", OperatorHarness.Namespace, fieldManager: "kube-controller-manager");
        await Eventually.TrueAsync(() => ReadyReplicas() == 5, Timeout, "the HPA's 5 pods ready");
        Assert.Equal(["kube-controller-manager"], ReplicasOwners());
    }

    [Fact]
    public async Task A_cluster_created_with_autoscaling_on_starts_at_min_replicas()
    {
        var start = Version();

        await _harness.CreateClusterAsync("chat", """{"routing":{"host":"chat.example.com"},"autoscaling":{"enabled":true,"minReplicas":3,"maxReplicas":6}}""");
        await Eventually.TrueAsync(() => _harness.IsReady("chat") && OperatorLetGo(), Timeout, "Ready with replicas handed over");

        var history = await ReplicasHistory(start);
        Assert.NotEmpty(history);
        Assert.All(history, replicas => Assert.Equal(3, replicas));
    }

    [Fact]
    public async Task Turning_autoscaling_off_takes_replicas_back_at_the_spec_value_without_a_dip()
    {
        await _harness.CreateClusterAsync("chat", """{"routing":{"host":"chat.example.com"},"autoscaling":{"enabled":true,"minReplicas":2,"maxReplicas":6}}""");
        await Eventually.TrueAsync(() => _harness.IsReady("chat") && OperatorLetGo(), Timeout, "Ready with replicas handed over");
        await _harness.Client.AppsV1.ReplaceNamespacedDeploymentScaleAsync(Scale(5), "chat", OperatorHarness.Namespace, fieldManager: "kube-controller-manager");
        await Eventually.TrueAsync(() => ReadyReplicas() == 5, Timeout, "the HPA's 5 pods ready");
        var start = Version();

        await _harness.PatchSpecAsync("chat", """{"replicas":5,"autoscaling":{"enabled":false}}""");
        await Eventually.TrueAsync(() => _harness.Child("horizontalpodautoscalers", "chat") is null && ReplicasOwners().Contains(ChildKindManager) && !ReplicasOwners().Contains(ReplicasHandover.FieldManager), Timeout, "the operator owns replicas again and the handover manager let go");

        Assert.All(await ReplicasHistory(start), replicas => Assert.Equal(5, replicas));
        Assert.DoesNotContain(Deployment().Metadata.ManagedFields, entry => entry.Manager == ReplicasHandover.FieldManager);

        // Its stale share of the same value (the HPA is gone) keeps the field owned if autoscaling comes back on.
        Assert.Equal(["kube-controller-manager", ChildKindManager], ReplicasOwners());
    }

    private string Version() => _harness.Store.CurrentResourceVersion.ToString(CultureInfo.InvariantCulture);

    private int ReadyReplicas() => _harness.Cluster("chat")?["status"]?["readyReplicas"]?.GetValue<int>() ?? -1;

    private V1Deployment Deployment() => KubernetesJson.Deserialize<V1Deployment>(_harness.Child("deployments", "chat")!.ToJsonString());

    /// <summary>The operator's own apply no longer owns replicas, and someone else does.</summary>
    private bool OperatorLetGo() =>
        _harness.Child("deployments", "chat") is not null
        && ReplicasHandover.HeldByAnotherManager(Deployment())
        && !ReplicasOwners().Contains(ChildKindManager);

    private string[] ReplicasOwners() =>
        [.. Deployment().Metadata.ManagedFields
            .Where(entry => JsonNode.Parse(KubernetesJson.Serialize(entry.FieldsV1))?["f:spec"]?["f:replicas"] is not null)
            .Select(entry => entry.Manager)
            .Order(StringComparer.Ordinal)];

    /// <summary>spec.replicas of the server Deployment at every change since the resource version, replayed by a watch.</summary>
    private async Task<List<int>> ReplicasHistory(string from)
    {
        var values = new List<int>();
        using var stop = new CancellationTokenSource(Timeout);
        await foreach (var (type, deployment) in _harness.Client.AppsV1.WatchListNamespacedDeploymentAsync(
            OperatorHarness.Namespace, allowWatchBookmarks: true, fieldSelector: "metadata.name=chat", resourceVersion: from, cancellationToken: stop.Token))
        {
            if (type == WatchEventType.Bookmark)
            {
                break;
            }

            values.Add(deployment.Spec.Replicas ?? -1);
        }

        return values;
    }

    private static V1Scale Scale(int replicas) => new()
    {
        Metadata = new V1ObjectMeta { Name = "chat", NamespaceProperty = OperatorHarness.Namespace },
        Spec = new V1ScaleSpec { Replicas = replicas },
    };
}
