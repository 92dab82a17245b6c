using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Realtime.FakeKubeApi;

namespace Realtime.Operator.Runtime.Tests;

/// <summary>
/// The fake against the API server behaviours a real cluster showed the operator depends on: server-side apply
/// ownership and defaulting, the scale subresource, deletion with finalizers and propagation, and selecting
/// watches. Each test states the real server's behaviour; the fake's comments name the source it follows.
/// </summary>
public sealed class FakeApiServerFidelityTests : IAsyncLifetime
{
    private FakeApiServer _server = null!;
    private IKubernetes _client = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeApiServer.StartAsync();
        _server.BookmarkInterval = TimeSpan.FromMilliseconds(100);
        _client = _server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Replicas_dropped_by_their_only_applier_are_removed_and_default_to_one_owned_by_nobody()
    {
        await ApplyDeployment("operator", replicas: 3);

        var after = await ApplyDeployment("operator", replicas: null);

        Assert.Equal(1, after.Spec.Replicas);
        Assert.DoesNotContain(after.Metadata.ManagedFields, entry => OwnsReplicas(entry));
    }

    [Fact]
    public async Task Two_appliers_sending_the_same_value_share_it_and_it_survives_one_of_them_dropping_it()
    {
        await ApplyDeployment("operator", replicas: 3);
        var shared = await ApplyReplicasOnly("handover", 3, force: false);
        Assert.Equal(["handover", "operator"], shared.Metadata.ManagedFields.Where(OwnsReplicas).Select(entry => entry.Manager).Order());

        var after = await ApplyDeployment("operator", replicas: null);

        Assert.Equal(3, after.Spec.Replicas);
        Assert.Equal(["handover"], after.Metadata.ManagedFields.Where(OwnsReplicas).Select(entry => entry.Manager));
    }

    [Fact]
    public async Task A_different_value_conflicts_without_force_and_force_takes_the_field_from_the_other_applier()
    {
        await ApplyDeployment("operator", replicas: 3);

        var conflict = await Assert.ThrowsAsync<HttpOperationException>(() => ApplyReplicasOnly("handover", 5, force: false));
        Assert.Equal(HttpStatusCode.Conflict, conflict.Response.StatusCode);
        var status = KubernetesJson.Deserialize<V1Status>(conflict.Response.Content);
        Assert.Contains("conflict with \"operator\": .spec.replicas", status.Message, StringComparison.Ordinal);

        var forced = await ApplyReplicasOnly("handover", 5, force: true);
        Assert.Equal(5, forced.Spec.Replicas);
        Assert.Equal(["handover"], forced.Metadata.ManagedFields.Where(OwnsReplicas).Select(entry => entry.Manager));
        Assert.Contains(forced.Metadata.ManagedFields, entry => entry.Manager == "operator" && entry.Operation == "Apply");
    }

    [Fact]
    public async Task A_scale_write_that_changes_replicas_takes_them_as_an_update_of_the_scale_subresource()
    {
        await ApplyDeployment("operator", replicas: 3);
        await ApplyReplicasOnly("handover", 3, force: false);

        var unchanged = await _client.AppsV1.ReplaceNamespacedDeploymentScaleAsync(Scale(3), "web", "ns", fieldManager: "hpa");
        Assert.Equal(3, unchanged.Spec.Replicas);
        var deployment = await _client.AppsV1.ReadNamespacedDeploymentAsync("web", "ns");
        Assert.DoesNotContain(deployment.Metadata.ManagedFields, entry => entry.Manager == "hpa");

        await _client.AppsV1.ReplaceNamespacedDeploymentScaleAsync(Scale(4), "web", "ns", fieldManager: "hpa");

        deployment = await _client.AppsV1.ReadNamespacedDeploymentAsync("web", "ns");
        Assert.Equal(4, deployment.Spec.Replicas);
        var owner = Assert.Single(deployment.Metadata.ManagedFields, OwnsReplicas);
        Assert.Equal(("hpa", "Update", "scale"), (owner.Manager, owner.Operation, owner.Subresource));
        Assert.Equal(4, (await _client.AppsV1.ReadNamespacedDeploymentScaleAsync("web", "ns")).Spec.Replicas);
    }

    [Fact]
    public async Task An_update_takes_only_the_fields_it_changes_and_is_recorded_per_manager_and_operation()
    {
        await ApplyDeployment("operator", replicas: 3);
        await _client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch("""{"spec":{"replicas":3,"minReadySeconds":5}}""", V1Patch.PatchType.MergePatch), "web", "ns", fieldManager: "kubectl");

        var deployment = await _client.AppsV1.ReadNamespacedDeploymentAsync("web", "ns");

        var kubectl = Assert.Single(deployment.Metadata.ManagedFields, entry => entry.Manager == "kubectl");
        Assert.Equal("Update", kubectl.Operation);
        Assert.Equal("""{"f:spec":{"f:minReadySeconds":{}}}""", KubernetesJson.Serialize(kubectl.FieldsV1));
        Assert.Contains(deployment.Metadata.ManagedFields, entry => entry.Manager == "operator" && entry.Operation == "Apply" && OwnsReplicas(entry));
    }

    [Fact]
    public async Task An_object_with_a_finalizer_stays_with_a_deletion_timestamp_until_a_write_removes_the_finalizer()
    {
        var map = ConfigMap("held");
        map.Metadata.Finalizers = ["example.com/hold"];
        await _client.CoreV1.CreateNamespacedConfigMapAsync(map, "ns");

        await _client.CoreV1.DeleteNamespacedConfigMapAsync("held", "ns");

        var deleting = await _client.CoreV1.ReadNamespacedConfigMapAsync("held", "ns");
        Assert.NotNull(deleting.Metadata.DeletionTimestamp);
        var added = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.PatchNamespacedConfigMapAsync(
            new V1Patch("""{"metadata":{"finalizers":["example.com/hold","example.com/more"]}}""", V1Patch.PatchType.MergePatch), "held", "ns"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, added.Response.StatusCode);
        Assert.Contains("no new finalizers can be added", added.Response.Content, StringComparison.Ordinal);

        await _client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch), "held", "ns");

        var gone = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ReadNamespacedConfigMapAsync("held", "ns"));
        Assert.Equal(HttpStatusCode.NotFound, gone.Response.StatusCode);
    }

    [Fact]
    public async Task Foreground_deletion_keeps_the_owner_until_its_blocking_dependents_are_gone()
    {
        var owner = await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("owner"), "ns");
        var blocking = ConfigMap("blocking", owner, blockOwnerDeletion: true);
        blocking.Metadata.Finalizers = ["example.com/hold"];
        await _client.CoreV1.CreateNamespacedConfigMapAsync(blocking, "ns");
        await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("plain", owner, blockOwnerDeletion: false), "ns");

        await _client.CoreV1.DeleteNamespacedConfigMapAsync("owner", "ns", propagationPolicy: "Foreground");

        var waiting = await _client.CoreV1.ReadNamespacedConfigMapAsync("owner", "ns");
        Assert.NotNull(waiting.Metadata.DeletionTimestamp);
        Assert.Equal([ObjectStore.ForegroundDeletion], waiting.Metadata.Finalizers);
        Assert.Equal(["blocking", "owner"], await Names());

        await _client.CoreV1.PatchNamespacedConfigMapAsync(new V1Patch("""{"metadata":{"finalizers":null}}""", V1Patch.PatchType.MergePatch), "blocking", "ns");

        Assert.Empty(await Names());
    }

    [Fact]
    public async Task Background_deletion_removes_the_owner_at_once_and_spares_a_dependent_with_another_live_owner()
    {
        var owner = await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("owner"), "ns");
        var other = await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("other"), "ns");
        var shared = ConfigMap("shared", owner, blockOwnerDeletion: true);
        shared.Metadata.OwnerReferences.Add(Reference(other, blockOwnerDeletion: false));
        await _client.CoreV1.CreateNamespacedConfigMapAsync(shared, "ns");
        await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("only", owner, blockOwnerDeletion: true), "ns");

        await _client.CoreV1.DeleteNamespacedConfigMapAsync("owner", "ns");

        Assert.Equal(["other", "shared"], await Names());
        var survivor = await _client.CoreV1.ReadNamespacedConfigMapAsync("shared", "ns");
        Assert.Equal([other.Metadata.Uid], survivor.Metadata.OwnerReferences.Select(reference => reference.Uid));
    }

    [Fact]
    public async Task A_dependent_created_after_its_owner_was_deleted_is_collected_and_one_with_a_live_owner_stays()
    {
        var owner = await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("owner"), "ns");
        var other = await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("other"), "ns");
        await _client.CoreV1.DeleteNamespacedConfigMapAsync("owner", "ns");

        await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("late", owner, blockOwnerDeletion: true), "ns");
        var kept = ConfigMap("kept", owner, blockOwnerDeletion: true);
        kept.Metadata.OwnerReferences.Add(Reference(other, blockOwnerDeletion: false));
        await _client.CoreV1.CreateNamespacedConfigMapAsync(kept, "ns");

        Assert.Equal(["kept", "other"], await Names());
    }

    [Fact]
    public async Task Orphan_deletion_leaves_the_dependents_without_the_reference()
    {
        var owner = await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("owner"), "ns");
        await _client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("child", owner, blockOwnerDeletion: true), "ns");

        await _client.CoreV1.DeleteNamespacedConfigMapAsync("owner", "ns", propagationPolicy: "Orphan");

        Assert.Equal(["child"], await Names());
        Assert.Null((await _client.CoreV1.ReadNamespacedConfigMapAsync("child", "ns")).Metadata.OwnerReferences);
    }

    [Fact]
    public async Task A_label_selected_watch_sees_an_object_enter_as_added_and_leave_as_deleted_and_never_sees_unlabelled_ones()
    {
        var start = _server.Store.CurrentResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await _client.CoreV1.CreateNamespacedSecretAsync(Secret("unlabelled", labels: null), "ns");
        await _client.CoreV1.CreateNamespacedSecretAsync(Secret("later", labels: null), "ns");
        await _client.CoreV1.PatchNamespacedSecretAsync(new V1Patch("""{"metadata":{"labels":{"owned":"yes"}}}""", V1Patch.PatchType.MergePatch), "later", "ns");
        await _client.CoreV1.PatchNamespacedSecretAsync(new V1Patch("""{"metadata":{"labels":{"owned":null}}}""", V1Patch.PatchType.MergePatch), "later", "ns");

        var seen = await WatchSecretsUntilBookmark(start, labelSelector: "owned=yes", fieldSelector: null);

        Assert.Equal([(WatchEventType.Added, "later"), (WatchEventType.Deleted, "later")], seen);
    }

    [Fact]
    public async Task A_field_selected_watch_sees_only_the_named_object_even_before_it_exists()
    {
        var start = _server.Store.CurrentResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await _client.CoreV1.CreateNamespacedSecretAsync(Secret("other", labels: null), "ns");
        await _client.CoreV1.CreateNamespacedSecretAsync(Secret("api-token", labels: null), "ns");
        await _client.CoreV1.DeleteNamespacedSecretAsync("api-token", "ns");

        var seen = await WatchSecretsUntilBookmark(start, labelSelector: null, fieldSelector: "metadata.name=api-token");

        Assert.Equal([(WatchEventType.Added, "api-token"), (WatchEventType.Deleted, "api-token")], seen);
        var unsupported = await Assert.ThrowsAsync<HttpOperationException>(() => _client.CoreV1.ListNamespacedSecretAsync("ns", fieldSelector: "data.token=x"));
        Assert.Equal(HttpStatusCode.BadRequest, unsupported.Response.StatusCode);
        Assert.Contains("field label not supported: data.token", unsupported.Response.Content, StringComparison.Ordinal);
    }

    private async Task<List<(WatchEventType, string)>> WatchSecretsUntilBookmark(string from, string? labelSelector, string? fieldSelector)
    {
        var seen = new List<(WatchEventType, string)>();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await foreach (var (type, item) in _client.CoreV1.WatchListNamespacedSecretAsync("ns", allowWatchBookmarks: true, fieldSelector: fieldSelector, labelSelector: labelSelector, resourceVersion: from, cancellationToken: stop.Token))
        {
            if (type == WatchEventType.Bookmark)
            {
                break;
            }

            seen.Add((type, item.Metadata.Name));
        }

        return seen;
    }

    private async Task<string[]> Names() =>
        [.. (await _client.CoreV1.ListNamespacedConfigMapAsync("ns")).Items.Select(item => item.Metadata.Name).Order(StringComparer.Ordinal)];

    private static bool OwnsReplicas(V1ManagedFieldsEntry entry) =>
        KubernetesJson.Serialize(entry.FieldsV1).Contains("\"f:replicas\"", StringComparison.Ordinal) && KubernetesJson.Serialize(entry.FieldsV1).Contains("\"f:spec\"", StringComparison.Ordinal);

    private async Task<V1Deployment> ApplyDeployment(string manager, int? replicas)
    {
        var body = JsonNode.Parse("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"ns"},
             "spec":{"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"web:1"}]}}}}
            """)!.AsObject();
        if (replicas is { } count)
        {
            body["spec"]!["replicas"] = count;
        }

        return await _client.AppsV1.PatchNamespacedDeploymentAsync(new V1Patch(body.ToJsonString(), V1Patch.PatchType.ApplyPatch), "web", "ns", fieldManager: manager, force: true);
    }

    private async Task<V1Deployment> ApplyReplicasOnly(string manager, int replicas, bool force) =>
        await _client.AppsV1.PatchNamespacedDeploymentAsync(
            new V1Patch($$$"""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"ns"},"spec":{"replicas":{{{replicas}}}}}""", V1Patch.PatchType.ApplyPatch),
            "web",
            "ns",
            fieldManager: manager,
            force: force);

    private static V1Scale Scale(int replicas) => new()
    {
        Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "ns" },
        Spec = new V1ScaleSpec { Replicas = replicas },
    };

    private static V1ConfigMap ConfigMap(string name, V1ConfigMap? owner = null, bool blockOwnerDeletion = false) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "ns",
            OwnerReferences = owner is null ? null : [Reference(owner, blockOwnerDeletion)],
        },
        Data = new Dictionary<string, string> { ["k"] = "v" },
    };

    private static V1OwnerReference Reference(V1ConfigMap owner, bool blockOwnerDeletion) =>
        new() { ApiVersion = "v1", Kind = "ConfigMap", Name = owner.Metadata.Name, Uid = owner.Metadata.Uid, BlockOwnerDeletion = blockOwnerDeletion };

    private static V1Secret Secret(string name, Dictionary<string, string>? labels) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "ns", Labels = labels },
        StringData = new Dictionary<string, string> { ["token"] = "0123456789abcdef" },
    };
}
