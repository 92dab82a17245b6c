using System.Text.Json.Nodes;
using Realtime.Operator.Tests.Reconcile;
using Realtime.Testing;

namespace Realtime.Operator.Tests.ApiServer;

/// <summary>
/// One operator run (the in-process host every operator test uses) against both servers at once: the
/// RealtimeCluster, its CRD, its status and scale subresources and its printer columns are Kubernetes' real
/// apiextensions-apiserver's; the children, the garbage collector and the stand-in kubelet are the fake's
/// (see <see cref="RealAndFakeHarness"/>). What the operator writes to its own resource is therefore checked by the
/// real structural schema and field validation, not by a model of them.
/// </summary>
[Collection(ApiServerCollection.Name)]
public sealed class OperatorOnRealApiServerTests(ApiServerFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private RealAndFakeHarness? _both;

    private RealAndFakeHarness Both => _both!;

    public async Task InitializeAsync()
    {
        if (ApiExtensionsServer.UnavailableReason() is null)
        {
            _both = await RealAndFakeHarness.StartAsync(fixture);
            _both.Operators.StartOperator();
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
    public async Task A_cluster_on_the_real_server_gets_children_in_the_fake_owned_by_its_real_uid_and_a_status_the_real_schema_keeps_whole()
    {
        await ApplyAsync("both-owned");
        await Eventually.TrueAsync(() => Both.IsReadyAsync("both-owned"), Timeout, "both-owned Ready on the real server");

        var real = JsonNode.Parse(await fixture.Kubectl.SucceedAsync(["get", "rtc", "both-owned", "-n", OperatorHarness.Namespace, "-o", "json", "--show-managed-fields"]))!;
        var uid = (string)real["metadata"]!["uid"]!;
        var deployment = Both.Operators.Child("deployments", "both-owned")!;
        var owner = deployment["metadata"]!["ownerReferences"]![0]!;
        Assert.Equal(("realtime.dev/v1alpha1", "RealtimeCluster", "both-owned", uid), ((string)owner["apiVersion"]!, (string)owner["kind"]!, (string)owner["name"]!, (string)owner["uid"]!));
        Assert.Contains("secrets/both-owned-redis-auth", Both.ChildrenOf(uid));

        // The status came through the real status subresource, by server-side apply under the operator's manager.
        Assert.Contains(Both.Fake.Requests, r => r.Resource == "realtimeclusters" && r.Subresource == "status" && r.Verb == "patch" && r.Name == "both-owned");
        var managers = real["metadata"]!["managedFields"]!.AsArray().Select(m => ((string)m!["manager"]!, (string?)m["subresource"] ?? "")).ToList();
        Assert.Contains(("realtime-operator", "status"), managers);
        Assert.Equal(2, (int)real["status"]!["readyReplicas"]!);

        // The real server prunes a status field its schema lacks and says so in a Warning header; none may come.
        Assert.Empty(Both.Fake.ForwardedWarnings);
    }

    [ApiServerFact]
    public async Task Kubectl_get_rtc_prints_the_real_servers_columns_with_the_fakes_deployment_counts()
    {
        await ApplyAsync("both-columns");
        await Eventually.TrueAsync(() => Both.IsReadyAsync("both-columns"), Timeout, "both-columns Ready");

        var table = await Both.Kubectl.SucceedAsync(["get", "rtc", "both-columns", "-n", OperatorHarness.Namespace]);

        var deployment = Both.Operators.Child("deployments", "both-columns")!;
        var lines = table.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["NAME", "DESIRED", "CURRENT", "READY", "REDIS", "HOST", "AGE"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        var row = lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            ["both-columns", $"{deployment["spec"]!["replicas"]}", $"{deployment["status"]!["replicas"]}", $"{deployment["status"]!["readyReplicas"]}", "Managed", "both-columns.example.com"],
            row[..6]);
    }

    [ApiServerFact]
    public async Task Kubectl_scale_rtc_goes_through_the_real_scale_subresource_to_the_fakes_deployment()
    {
        await ApplyAsync("both-scale");
        await Eventually.TrueAsync(() => Both.IsReadyAsync("both-scale"), Timeout, "both-scale Ready");

        await Both.Kubectl.SucceedAsync(["scale", "rtc", "both-scale", "-n", OperatorHarness.Namespace, "--replicas=3"]);

        Assert.Contains(Both.Fake.Requests, r => r.Resource == "realtimeclusters" && r.Subresource == "scale" && r.Name == "both-scale" && r.Verb is "patch" or "update");
        await Eventually.TrueAsync(() => Both.Operators.Child("deployments", "both-scale")?["spec"]?["replicas"]?.GetValue<int>() == 3, Timeout, "the Deployment at 3 replicas");
        await Eventually.TrueAsync(async () => (await Both.ClusterAsync("both-scale"))?["status"]?["readyReplicas"]?.GetValue<int>() == 3, Timeout, "status.readyReplicas 3 on the real server");
    }

    [ApiServerFact]
    public async Task A_spec_change_on_the_real_server_is_reconciled_into_the_fakes_children()
    {
        await ApplyAsync("both-change");
        await Eventually.TrueAsync(() => Both.IsReadyAsync("both-change"), Timeout, "both-change Ready");

        await Both.Kubectl.SucceedAsync(["patch", "rtc", "both-change", "-n", OperatorHarness.Namespace, "--type=merge", "-p", """{"spec":{"routing":{"host":"moved.example.com"}}}"""]);

        await Eventually.TrueAsync(() => (string?)Both.Operators.Child("ingresses", "both-change")?["spec"]?["rules"]?[0]?["host"] == "moved.example.com", Timeout, "the Ingress on the new host");
        await Eventually.TrueAsync(() => Both.IsReadyAsync("both-change"), Timeout, "the new generation observed and Ready");
    }

    [ApiServerFact]
    public async Task Deleting_on_the_real_server_waits_for_its_finalizer_and_then_the_fakes_collector_removes_the_children()
    {
        await ApplyAsync("both-delete");
        await Eventually.TrueAsync(() => Both.IsReadyAsync("both-delete"), Timeout, "both-delete Ready");
        var uid = (string)(await Both.ClusterAsync("both-delete"))!["metadata"]!["uid"]!;
        var children = Both.ChildrenOf(uid);
        Assert.Contains("deployments/both-delete", children);
        await fixture.Kubectl.SucceedAsync(["patch", "rtc", "both-delete", "-n", OperatorHarness.Namespace, "--type=merge", "-p", """{"metadata":{"finalizers":["example.com/backup"]}}"""]);

        await Both.Kubectl.SucceedAsync(["delete", "rtc", "both-delete", "-n", OperatorHarness.Namespace, "--wait=false"]);

        // Held by the finalizer, the owner still exists on the real server, so the collector deletes nothing.
        Assert.NotNull((await Both.ClusterAsync("both-delete"))!["metadata"]!["deletionTimestamp"]);
        var reconciles = Reads("both-delete");
        await Eventually.TrueAsync(() => Reads("both-delete") > reconciles + 1, Timeout, "the deleting cluster was reconciled twice");
        Assert.Equal(children.Order(), Both.ChildrenOf(uid).Order());

        await fixture.Kubectl.SucceedAsync(["patch", "rtc", "both-delete", "-n", OperatorHarness.Namespace, "--type=merge", "-p", """{"metadata":{"finalizers":null}}"""]);

        await Eventually.TrueAsync(async () => await Both.ClusterAsync("both-delete") is null, Timeout, "the cluster gone from the real server");
        await Eventually.TrueAsync(() => Both.ChildrenOf(uid).Count == 0, Timeout, $"the fake's collector removed {string.Join(", ", Both.ChildrenOf(uid))}");
    }

    private int Reads(string name) => Both.Fake.Requests.Count(r => r.Resource == "realtimeclusters" && r.Verb == "get" && r.Name == name);

    private Task ApplyAsync(string name) => Both.Kubectl.SucceedAsync(["apply", "-n", OperatorHarness.Namespace, "--server-side", "-f", "-"], $"""
        apiVersion: realtime.dev/v1alpha1
        kind: RealtimeCluster
        metadata:
          name: {name}
        spec:
          routing:
            host: {name}.example.com
        """);
}
