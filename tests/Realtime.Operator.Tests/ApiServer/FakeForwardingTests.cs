using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Realtime.FakeKubeApi;
using Realtime.Operator.Tests.Reconcile;
using Realtime.Testing;

namespace Realtime.Operator.Tests.ApiServer;

/// <summary>
/// The fake's forwarding mode itself, against the real apiextensions-apiserver: one address serving both servers'
/// discovery, the real server's watch stream, field validation warnings and errors passed through, and the fake's
/// garbage collector asking the real server about owners it forwards (pkg/controller/garbagecollector, isDangling).
/// No operator runs here.
/// </summary>
[Collection(ApiServerCollection.Name)]
public sealed class FakeForwardingTests(ApiServerFixture fixture) : IAsyncLifetime
{
    private const string Namespace = OperatorHarness.Namespace;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);
    private RealAndFakeHarness? _both;

    private RealAndFakeHarness Both => _both!;

    public async Task InitializeAsync()
    {
        if (ApiExtensionsServer.UnavailableReason() is null)
        {
            _both = await RealAndFakeHarness.StartAsync(fixture);
        }
    }

    public async Task DisposeAsync()
    {
        if (_both is not null)
        {
            await _both.DisposeAsync();
        }
    }

    [ApiServerFact]
    public async Task Kubectl_through_the_fake_discovers_the_fakes_kinds_and_the_real_servers()
    {
        var resources = await Both.Kubectl.SucceedAsync(["api-resources", "-o", "name"]);

        Assert.Contains("deployments.apps", resources.Split('\n'));
        Assert.Contains("leases.coordination.k8s.io", resources.Split('\n'));
        Assert.Contains("realtimeclusters.realtime.dev", resources.Split('\n'));
        Assert.Contains("customresourcedefinitions.apiextensions.k8s.io", resources.Split('\n'));
        // The short name is only in the real server's discovery.
        Assert.Equal("fwd-short", (await Both.Kubectl.SucceedAsync(["create", "-n", Namespace, "-f", "-", "-o", "name"], Cluster("fwd-short"))).Trim().Split('/')[1]);
        Assert.Contains("fwd-short", await Both.Kubectl.SucceedAsync(["get", "rtc", "-n", Namespace, "-o", "name"]));
    }

    [ApiServerFact]
    public async Task A_watch_through_the_fake_streams_the_real_servers_events_as_they_happen()
    {
        using var http = new HttpClient { BaseAddress = Both.Fake.BaseAddress, Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        // Right after the CRD is established the real server can answer 429 until its handler has synced; clients retry.
        JsonNode? list = null;
        await Eventually.TrueAsync(async () =>
        {
            using var listed = await http.GetAsync($"/apis/realtime.dev/v1alpha1/namespaces/{Namespace}/realtimeclusters");
            list = listed.IsSuccessStatusCode ? JsonNode.Parse(await listed.Content.ReadAsStringAsync()) : null;
            return list is not null;
        }, Timeout, "the real server lists RealtimeClusters");
        using var deadline = new CancellationTokenSource(Timeout);
        using var response = await http.GetAsync(
            $"/apis/realtime.dev/v1alpha1/namespaces/{Namespace}/realtimeclusters?watch=true&allowWatchBookmarks=true&resourceVersion={list!["metadata"]!["resourceVersion"]}",
            HttpCompletionOption.ResponseHeadersRead,
            deadline.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(deadline.Token));

        await fixture.Kubectl.SucceedAsync(["create", "-n", Namespace, "-f", "-"], Cluster("fwd-watch"));

        JsonNode? added = null;
        while (added is null && await reader.ReadLineAsync(deadline.Token) is { } line)
        {
            var change = JsonNode.Parse(line)!;
            if ((string?)change["type"] == "ADDED" && (string?)change["object"]!["metadata"]!["name"] == "fwd-watch")
            {
                added = change;
            }
        }

        // Created by the real server: its defaults are filled in, as no client sent them.
        Assert.Equal("Managed", (string?)added!["object"]!["spec"]!["redis"]!["mode"]);
    }

    [ApiServerFact]
    public async Task A_status_field_the_CRD_lacks_fails_a_server_side_apply_and_is_pruned_from_a_merge_patch_with_the_real_servers_warning()
    {
        await fixture.Kubectl.SucceedAsync(["create", "-n", Namespace, "-f", "-"], Cluster("fwd-status"));
        var apply = new V1Patch("""{"apiVersion":"realtime.dev/v1alpha1","kind":"RealtimeCluster","metadata":{"name":"fwd-status"},"status":{"replicas":1,"notInTheSchema":true}}""", V1Patch.PatchType.ApplyPatch);
        var merge = new V1Patch("""{"status":{"replicas":1,"notInTheSchema":true}}""", V1Patch.PatchType.MergePatch);

        // The operator writes status by server-side apply: a field the CRD lacks fails the write (the operator's own tests then never see Ready).
        var refused = await Assert.ThrowsAsync<HttpOperationException>(() => PatchStatusAsync(apply, fieldValidation: null));
        Assert.Contains(".status.notInTheSchema: field not declared in schema", refused.Response.Content, StringComparison.Ordinal);

        await PatchStatusAsync(merge, fieldValidation: null);
        Assert.Contains(Both.Fake.ForwardedWarnings, warning => warning.Contains("unknown field \\\"status.notInTheSchema\\\"", StringComparison.Ordinal));
        var stored = (await Both.ClusterAsync("fwd-status"))!["status"]!.AsObject();
        Assert.Equal(1, (int)stored["replicas"]!);
        Assert.False(stored.ContainsKey("notInTheSchema"));

        var strict = await Assert.ThrowsAsync<HttpOperationException>(() => PatchStatusAsync(merge, fieldValidation: "Strict"));
        Assert.Contains("unknown field \"status.notInTheSchema\"", (string?)JsonNode.Parse(strict.Response.Content)!["message"], StringComparison.Ordinal);
    }

    [ApiServerFact]
    public async Task A_fake_object_owned_by_a_real_cluster_stays_while_the_cluster_lives_and_is_collected_when_it_is_deleted()
    {
        var uid = await CreateRealClusterAsync("fwd-owner");
        CreateSecret("fwd-owned", Owner("fwd-owner", uid));

        // The collector asked the real server at creation and found the owner live.
        Assert.NotNull(Secret("fwd-owned"));

        await fixture.Kubectl.SucceedAsync(["delete", "rtc", "fwd-owner", "-n", Namespace]);

        await Eventually.TrueAsync(() => Secret("fwd-owned") is null, Timeout, "the Secret collected after its real owner went");
    }

    [ApiServerFact]
    public async Task A_fake_object_whose_real_owner_is_already_gone_is_collected_at_once()
    {
        var uid = await CreateRealClusterAsync("fwd-gone");
        await fixture.Kubectl.SucceedAsync(["delete", "rtc", "fwd-gone", "-n", Namespace]);

        CreateSecret("fwd-late", Owner("fwd-gone", uid));

        Assert.Null(Secret("fwd-late"));
    }

    [ApiServerFact]
    public async Task A_fake_object_with_a_second_live_owner_loses_only_the_reference_to_its_deleted_real_owner()
    {
        var uid = await CreateRealClusterAsync("fwd-shared");
        var localOwner = Both.Operators.Store.Create(Both.Operators.Type("configmaps"), Namespace, new JsonObject { ["metadata"] = new JsonObject { ["name"] = "fwd-local-owner" } }, "test");
        var localReference = new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["name"] = "fwd-local-owner", ["uid"] = localOwner["metadata"]!["uid"]!.DeepClone(),
        };
        CreateSecret("fwd-shared-secret", Owner("fwd-shared", uid), localReference);

        await fixture.Kubectl.SucceedAsync(["delete", "rtc", "fwd-shared", "-n", Namespace]);

        await Eventually.TrueAsync(() => Secret("fwd-shared-secret")?["metadata"]?["ownerReferences"]?.AsArray().Count == 1, Timeout, "the dangling reference removed");
        Assert.Equal("fwd-local-owner", (string?)Secret("fwd-shared-secret")!["metadata"]!["ownerReferences"]![0]!["name"]);
    }

    private static string Cluster(string name) => $"""
        apiVersion: realtime.dev/v1alpha1
        kind: RealtimeCluster
        metadata:
          name: {name}
        spec:
          routing:
            host: {name}.example.com
        """;

    private static JsonObject Owner(string name, string uid) => new()
    {
        ["apiVersion"] = "realtime.dev/v1alpha1", ["kind"] = "RealtimeCluster", ["name"] = name, ["uid"] = uid, ["controller"] = true, ["blockOwnerDeletion"] = true,
    };

    private async Task<string> CreateRealClusterAsync(string name)
    {
        var created = JsonNode.Parse(await fixture.Kubectl.SucceedAsync(["create", "-n", Namespace, "-f", "-", "-o", "json"], Cluster(name)))!;
        return (string)created["metadata"]!["uid"]!;
    }

    private void CreateSecret(string name, params JsonObject[] owners) =>
        Both.Operators.Store.Create(Both.Operators.Type("secrets"), Namespace, new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = name, ["ownerReferences"] = new JsonArray([.. owners]) },
        }, "test");

    private Task PatchStatusAsync(V1Patch patch, string? fieldValidation) =>
        Both.Operators.Client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(patch, "realtime.dev", "v1alpha1", Namespace, "realtimeclusters", "fwd-status", fieldManager: "test", fieldValidation: fieldValidation);

    private JsonObject? Secret(string name) => Both.Operators.Child("secrets", name);
}
