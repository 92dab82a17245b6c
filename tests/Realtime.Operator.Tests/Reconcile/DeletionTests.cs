using System.Text.Json.Nodes;
using k8s;
using Realtime.FakeKubeApi;
using Realtime.Operator.Hosting;
using Realtime.Testing;

namespace Realtime.Operator.Tests.Reconcile;

/// <summary>
/// Deleting a RealtimeCluster as a real cluster does it (the fake models deletionTimestamp, finalizers and the
/// garbage collector's propagation): the reconciler's deletion branch must leave the children to the collector
/// and never bring one back while the cluster waits for a finalizer.
/// </summary>
public sealed class DeletionTests : IAsyncLifetime
{
    private const string Minimal = """{"routing":{"host":"chat.example.com"}}""";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private static readonly string[] Children = ["deployments", "services", "secrets", "networkpolicies", "poddisruptionbudgets", "ingresses"];
    private OperatorHarness _harness = null!;
    private RealtimeOperator _running = null!;

    public async Task InitializeAsync()
    {
        _harness = await OperatorHarness.StartAsync();
        _running = _harness.StartOperator();
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task A_cluster_held_by_a_finalizer_loses_its_children_in_foreground_and_the_operator_does_not_recreate_them()
    {
        await _harness.CreateClusterAsync("chat", Minimal);
        await Eventually.TrueAsync(() => _harness.IsReady("chat"), Timeout, "chat Ready");
        // With the operator stopped, no reconcile that read the cluster before its deletion can still be applying
        // children when the collector removes them; what the restarted operator does is then all this test sees.
        await _harness.StopOperatorAsync(_running);
        _harness.Store.MergePatch(OperatorHarness.RealtimeClusters, OperatorHarness.Namespace, "chat", Json("""{"metadata":{"finalizers":["example.com/backup"]}}"""), "backup-controller", "");

        await _harness.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(
            OperatorHarness.RealtimeClusters.Group, OperatorHarness.RealtimeClusters.Version, OperatorHarness.Namespace, OperatorHarness.RealtimeClusters.Plural, "chat", propagationPolicy: "Foreground");
        _running = _harness.StartOperator();

        var deleting = _harness.Cluster("chat")!;
        Assert.NotNull(deleting["metadata"]!["deletionTimestamp"]);
        Assert.Equal(["example.com/backup"], deleting["metadata"]!["finalizers"]!.AsArray().Select(f => f!.GetValue<string>()));
        Assert.Empty(LeftChildren());

        // Resyncs reconcile the deleting cluster (every 3 s here); none may apply a child again.
        var reconciles = Reads();
        await Eventually.TrueAsync(() => Reads() > reconciles + 1, Timeout, "the deleting cluster was reconciled twice");
        Assert.Empty(LeftChildren());

        _harness.Store.MergePatch(OperatorHarness.RealtimeClusters, OperatorHarness.Namespace, "chat", Json("""{"metadata":{"finalizers":null}}"""), "backup-controller", "");
        Assert.Null(_harness.Cluster("chat"));
    }

    [Fact]
    public async Task A_background_delete_removes_the_cluster_at_once_and_the_collector_its_children()
    {
        await _harness.CreateClusterAsync("chat", Minimal);
        await Eventually.TrueAsync(() => _harness.IsReady("chat"), Timeout, "chat Ready");

        await _harness.Client.CustomObjects.DeleteNamespacedCustomObjectAsync(
            OperatorHarness.RealtimeClusters.Group, OperatorHarness.RealtimeClusters.Version, OperatorHarness.Namespace, OperatorHarness.RealtimeClusters.Plural, "chat");

        Assert.Null(_harness.Cluster("chat"));
        Assert.Empty(LeftChildren());
    }

    private int Reads() => _harness.Server.Requests.Count(r => r.Resource == "realtimeclusters" && r.Verb == "get" && r.Name == "chat");

    private List<string> LeftChildren() =>
        [.. Children.SelectMany(plural => _harness.Store.List(_harness.Type(plural), OperatorHarness.Namespace, LabelSelector.Everything).Items
            .Select(item => $"{plural}/{item["metadata"]!["name"]!.GetValue<string>()}"))];

    private static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();
}
