using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging.Abstractions;
using Realtime.Operator.Api;
using Realtime.Operator.Hosting;
using Realtime.Testing;

namespace Realtime.Operator.E2E.Tests;

/// <summary>
/// A throw-away namespace on the cluster of REALTIME_E2E_KUBECONFIG, the RealtimeCluster CRD from crds/ installed,
/// and the operator running in-process (leader election on, watching only that namespace). Disposing deletes the
/// namespace, and with it everything the test made.
/// </summary>
internal sealed class RealCluster : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;

    private RealCluster(IKubernetes client, string ns)
    {
        Client = client;
        Namespace = ns;
    }

    public IKubernetes Client { get; }

    public string Namespace { get; }

    public static async Task<RealCluster> StartAsync()
    {
        var configuration = KubernetesClientConfiguration.BuildConfigFromConfigFile(Environment.GetEnvironmentVariable(E2EFactAttribute.Variable));
        var client = new Kubernetes(configuration);
        await InstallCrdAsync(client);
        var ns = $"rtc-e2e-{Guid.NewGuid():N}"[..20];
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = ns } });
        var cluster = new RealCluster(client, ns);
        var realtimeOperator = new RealtimeOperator(
            client,
            new OperatorOptions { WatchNamespaces = [ns], Identity = "e2e", LeaderElection = true },
            ns,
            new OperatorTuning(),
            NullLoggerFactory.Instance);
        cluster._running = Task.Run(() => realtimeOperator.RunAsync(cluster._stop.Token));
        return cluster;
    }

    public async Task CreateAsync(string name, RealtimeClusterSpec spec)
    {
        var body = new RealtimeCluster { Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = Namespace }, Spec = spec };
        await Client.CustomObjects.CreateNamespacedCustomObjectAsync(body, RealtimeCluster.ApiGroup, RealtimeCluster.ApiVersionName, Namespace, RealtimeCluster.Plural);
    }

    public async Task PatchSpecAsync(string name, string specPatchJson) =>
        await Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch($$"""{"spec":{{specPatchJson}}}""", V1Patch.PatchType.MergePatch), RealtimeCluster.ApiGroup, RealtimeCluster.ApiVersionName, Namespace, RealtimeCluster.Plural, name);

    public async Task<RealtimeCluster> GetAsync(string name) =>
        await Client.CustomObjects.GetNamespacedCustomObjectAsync<RealtimeCluster>(RealtimeCluster.ApiGroup, RealtimeCluster.ApiVersionName, Namespace, RealtimeCluster.Plural, name);

    public async Task<string?> ConditionAsync(string name, string type) =>
        (await GetAsync(name)).Status?.Conditions?.FirstOrDefault(c => c.Type == type)?.Status;

    public async Task<V1Deployment?> DeploymentAsync(string name) => await OrNull(() => Client.AppsV1.ReadNamespacedDeploymentAsync(name, Namespace));

    public async Task<V1Service?> ServiceAsync(string name) => await OrNull(() => Client.CoreV1.ReadNamespacedServiceAsync(name, Namespace));

    public async Task<V1Ingress?> IngressAsync(string name) => await OrNull(() => Client.NetworkingV1.ReadNamespacedIngressAsync(name, Namespace));

    public async Task<V2HorizontalPodAutoscaler?> AutoscalerAsync(string name) => await OrNull(() => Client.AutoscalingV2.ReadNamespacedHorizontalPodAutoscalerAsync(name, Namespace));

    public async Task<IList<Corev1Event>> EventsAsync(string name) =>
        (await Client.CoreV1.ListNamespacedEventAsync(Namespace, fieldSelector: $"involvedObject.name={name}")).Items;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running.WaitAsync(TimeSpan.FromSeconds(20));
        await Client.CoreV1.DeleteNamespaceAsync(Namespace);
        Client.Dispose();
        _stop.Dispose();
    }

    private static async Task InstallCrdAsync(IKubernetes client)
    {
        var crd = KubernetesYaml.Deserialize<V1CustomResourceDefinition>(await File.ReadAllTextAsync(RepositoryPaths.Combine("crds", "realtimecluster.yaml")));
        await client.ApiextensionsV1.PatchCustomResourceDefinitionAsync(
            new V1Patch(KubernetesJson.Serialize(crd), V1Patch.PatchType.ApplyPatch), crd.Metadata.Name, fieldManager: "realtime-e2e", force: true);
        await Eventually.TrueAsync(
            async () => (await client.ApiextensionsV1.ReadCustomResourceDefinitionAsync(crd.Metadata.Name)).Status?.Conditions?.Any(c => c.Type == "Established" && c.Status == "True") == true,
            TimeSpan.FromSeconds(30),
            "CRD established");
    }

    private static async Task<T?> OrNull<T>(Func<Task<T>> read)
        where T : class
    {
        try
        {
            return await read();
        }
        catch (HttpOperationException error) when (error.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }
}
