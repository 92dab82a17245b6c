using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Realtime.FakeKubeApi;

namespace Realtime.Operator.Runtime.Tests;

/// <summary>The fake's subtle semantics, checked through the real client, because the controller tests rely on them.</summary>
public sealed class FakeApiServerTests : IAsyncLifetime
{
    private FakeApiServer _server = null!;
    private IKubernetes _client = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeApiServer.StartAsync();
        _client = _server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Every_write_gets_a_new_resource_version_and_a_stale_update_is_a_409()
    {
        var created = await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a", "1"), "ns");
        created.Data["k"] = "2";
        var updated = await _client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "a", "ns");
        Assert.NotEqual(created.Metadata.ResourceVersion, updated.Metadata.ResourceVersion);

        created.Data["k"] = "3";
        var stale = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "a", "ns"));
        Assert.Equal(HttpStatusCode.Conflict, stale.Response.StatusCode);
        var missing = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ReadNamespacedConfigMapAsync("nope", "ns"));
        Assert.Equal(HttpStatusCode.NotFound, missing.Response.StatusCode);
        var duplicate = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a", "1"), "ns"));
        Assert.Equal(HttpStatusCode.Conflict, duplicate.Response.StatusCode);
    }

    [Fact]
    public async Task A_watch_from_a_compacted_resource_version_ends_with_a_410_error_event()
    {
        var created = await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a", "1"), "ns");
        await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b", "1"), "ns");
        _server.Store.Compact();

        Exception? reported = null;
        var events = new List<WatchEventType>();
        await foreach (var (type, _) in _client.CoreV1.WatchListNamespacedConfigMapAsync("ns", resourceVersion: created.Metadata.ResourceVersion, onError: e => reported = e))
        {
            events.Add(type);
        }

        Assert.Empty(events);
        var gone = Assert.IsType<KubernetesException>(reported);
        Assert.Equal(410, gone.Status.Code);
    }

    [Fact]
    public async Task A_watch_replays_changes_after_its_resource_version_and_sends_bookmarks_when_idle()
    {
        _server.BookmarkInterval = TimeSpan.FromMilliseconds(100);
        var first = await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a", "1"), "ns");
        await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("b", "1"), "ns");
        await _client.CoreV1.DeleteNamespacedConfigMapAsync("a", "ns");

        var seen = new List<(WatchEventType, string)>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await foreach (var (type, item) in _client.CoreV1.WatchListNamespacedConfigMapAsync("ns", allowWatchBookmarks: true, resourceVersion: first.Metadata.ResourceVersion, cancellationToken: stop.Token))
        {
            seen.Add((type, item.Metadata.Name ?? ""));
            if (type == WatchEventType.Bookmark)
            {
                Assert.Equal(_server.Store.CurrentResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), item.Metadata.ResourceVersion);
                break;
            }
        }

        Assert.Equal([(WatchEventType.Added, "b"), (WatchEventType.Deleted, "a"), (WatchEventType.Bookmark, "")], seen);
    }

    [Fact]
    public async Task Server_side_apply_removes_fields_the_manager_stopped_sending_but_keeps_fields_of_others()
    {
        await Apply(ConfigMapJson(labels: new() { ["a"] = "1", ["b"] = "1" }), "operator", force: true);
        await _client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"metadata":{"labels":{"human":"yes"}}}""", V1Patch.PatchType.MergePatch), "cm", "ns", fieldManager: "kubectl");

        var after = await Apply(ConfigMapJson(labels: new() { ["a"] = "2" }), "operator", force: true);

        Assert.Equal(new Dictionary<string, string> { ["a"] = "2", ["human"] = "yes" }, after.Metadata.Labels);
        var managers = after.Metadata.ManagedFields.Select(entry => (entry.Manager, entry.Operation)).Order().ToArray();
        Assert.Equal([("kubectl", "Update"), ("operator", "Apply")], managers);
    }

    [Fact]
    public async Task Applying_a_field_another_manager_changed_conflicts_without_force_and_takes_it_back_with_force()
    {
        await Apply(ConfigMapJson(data: new() { ["k"] = "ours" }), "operator", force: true);
        await _client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"data":{"k":"theirs"}}""", V1Patch.PatchType.MergePatch), "cm", "ns", fieldManager: "kubectl");

        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() => Apply(ConfigMapJson(data: new() { ["k"] = "ours" }), "operator", force: false));
        Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);
        Assert.Contains("kubectl", conflict.Response.Content, StringComparison.Ordinal);

        var forced = await Apply(ConfigMapJson(data: new() { ["k"] = "ours" }), "operator", force: true);
        Assert.Equal("ours", forced.Data["k"]);
    }

    [Fact]
    public async Task Reapplying_the_same_intent_is_not_a_write()
    {
        var first = await Apply(ConfigMapJson(data: new() { ["k"] = "v" }), "operator", force: true);
        var second = await Apply(ConfigMapJson(data: new() { ["k"] = "v" }), "operator", force: true);
        Assert.Equal(first.Metadata.ResourceVersion, second.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Spec_writes_bump_the_generation_status_writes_do_not_and_the_main_resource_cannot_write_status()
    {
        var deployment = await _client.AppsV1.CreateNamespacedDeploymentAsync(Deployment(replicas: 1), "ns");
        Assert.Equal(1, deployment.Metadata.Generation);

        deployment.Status = new V1DeploymentStatus { ReadyReplicas = 1 };
        var afterStatus = await _client.AppsV1.ReplaceNamespacedDeploymentStatusAsync(deployment, "web", "ns");
        Assert.Equal(1, afterStatus.Metadata.Generation);
        Assert.Equal(1, afterStatus.Status.ReadyReplicas);

        afterStatus.Spec.Replicas = 3;
        afterStatus.Status.ReadyReplicas = 99;
        var afterSpec = await _client.AppsV1.ReplaceNamespacedDeploymentAsync(afterStatus, "web", "ns");
        Assert.Equal(2, afterSpec.Metadata.Generation);
        Assert.Equal(1, afterSpec.Status.ReadyReplicas);
    }

    [Fact]
    public async Task Deleting_an_owner_deletes_what_it_owns_transitively()
    {
        var owner = await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("owner", "1"), "ns");
        var child = ConfigMap("child", "1");
        child.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "owner", Uid = owner.Metadata.Uid, Controller = true }];
        var createdChild = await _client.CoreV1.CreateNamespacedConfigMapAsync(child, "ns");
        var grandchild = ConfigMap("grandchild", "1");
        grandchild.Metadata.OwnerReferences = [new V1OwnerReference { ApiVersion = "v1", Kind = "ConfigMap", Name = "child", Uid = createdChild.Metadata.Uid }];
        await _client.CoreV1.CreateNamespacedConfigMapAsync(grandchild, "ns");
        await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("bystander", "1"), "ns");

        await _client.CoreV1.DeleteNamespacedConfigMapAsync("owner", "ns");

        var left = await _client.CoreV1.ListNamespacedConfigMapAsync("ns");
        Assert.Equal(["bystander"], left.Items.Select(item => item.Metadata.Name));
    }

    [Fact]
    public async Task Unknown_resources_are_404_until_installed_and_requests_are_recorded_for_rbac()
    {
        var missing = await Assert.ThrowsAsync<HttpOperationException>(() =>
            _client.CustomObjects.ListNamespacedCustomObjectAsync("gateway.networking.k8s.io", "v1", "ns", "httproutes"));
        Assert.Equal(HttpStatusCode.NotFound, missing.Response.StatusCode);

        _server.Store.Register(ResourceType.HttpRoute);
        await _client.CustomObjects.ListNamespacedCustomObjectAsync("gateway.networking.k8s.io", "v1", "ns", "httproutes");

        Assert.Contains(new RecordedRequest("list", "gateway.networking.k8s.io", "v1", "httproutes", "", "ns", "", null), _server.Requests);
    }

    [Fact]
    public async Task Injected_faults_answer_instead_of_the_store_for_the_requests_they_match()
    {
        _server.Faults.Fail(1, 500, request => request.Verb == "list");
        var failed = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ListNamespacedConfigMapAsync("ns"));
        Assert.Equal(HttpStatusCode.InternalServerError, failed.Response.StatusCode);
        Assert.Empty((await _client.CoreV1.ListNamespacedConfigMapAsync("ns")).Items);
    }

    private async Task<V1ConfigMap> Apply(JsonObject body, string manager, bool force) =>
        await _client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch(body.ToJsonString(), V1Patch.PatchType.ApplyPatch), "cm", "ns", fieldManager: manager, force: force);

    private static JsonObject ConfigMapJson(Dictionary<string, string>? labels = null, Dictionary<string, string>? data = null)
    {
        var metadata = new JsonObject { ["name"] = "cm", ["namespace"] = "ns" };
        if (labels is not null)
        {
            metadata["labels"] = new JsonObject([.. labels.Select(label => KeyValuePair.Create(label.Key, (JsonNode?)label.Value))]);
        }

        var body = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["metadata"] = metadata };
        if (data is not null)
        {
            body["data"] = new JsonObject([.. data.Select(entry => KeyValuePair.Create(entry.Key, (JsonNode?)entry.Value))]);
        }

        return body;
    }

    private static V1ConfigMap ConfigMap(string name, string value) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "ns" },
        Data = new Dictionary<string, string> { ["k"] = value },
    };

    private static V1Deployment Deployment(int replicas) => new()
    {
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "ns" },
        Spec = new V1DeploymentSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "web", Image = "web:1" }] },
            },
        },
    };
}
