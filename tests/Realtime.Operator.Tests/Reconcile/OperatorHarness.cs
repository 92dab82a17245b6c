using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Realtime.FakeKubeApi;
using Realtime.Operator.Hosting;
using Realtime.Operator.Runtime.Controllers;
using Realtime.Operator.Runtime.Queue;
using Realtime.Operator.Runtime.Watching;

namespace Realtime.Operator.Tests.Reconcile;

/// <summary>
/// A fake API server with the RealtimeCluster CRD installed, operators running in-process against it over
/// HTTP, and a stand-in for the kubelet and the ingress controller (the fake has neither): it reports every
/// Deployment's pods ready and gives every Ingress an address, unless told to hold back.
/// </summary>
internal sealed class OperatorHarness : IAsyncDisposable
{
    public const string Namespace = "apps";
    public const string IngressAddress = KubeletStandIn.IngressAddress;

    public static readonly ResourceType RealtimeClusters = new("realtime.dev", "v1alpha1", "realtimeclusters", "RealtimeCluster", HasStatus: true);

    private readonly List<(RealtimeOperator Operator, CancellationTokenSource Stop, Task Running)> _operators = [];
    private readonly CancellationTokenSource _kubeletStop = new();
    private readonly KubeletStandIn _kubeletStandIn;
    private Task _kubelet = Task.CompletedTask;

    private OperatorHarness(FakeApiServer server, TimeSpan kubeletPeriod)
    {
        Server = server;
        Client = server.CreateClient();
        _kubeletStandIn = new KubeletStandIn(server.Store, kubeletPeriod);
    }

    public FakeApiServer Server { get; }

    public IKubernetes Client { get; }

    public ObjectStore Store => Server.Store;

    /// <summary>Deployments whose pods the stand-in kubelet leaves unready.</summary>
    public HashSet<string> UnreadyDeployments => _kubeletStandIn.UnreadyDeployments;

    /// <summary>StatefulSets by name, with how many of their pods the stand-in kubelet leaves unready.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, int> UnreadyStatefulSetPods => _kubeletStandIn.UnreadyStatefulSetPods;

    public static OperatorTuning FastTuning { get; } = new()
    {
        Controller = new ControllerOptions
        {
            Name = "realtimecluster",
            Backoff = new Backoff(TimeSpan.FromMilliseconds(50), TimeSpan.FromSeconds(1)),
            ResyncPeriod = TimeSpan.FromSeconds(3),
        },
        Watch = new WatcherOptions { RetryInitial = TimeSpan.FromMilliseconds(50), RetryCap = TimeSpan.FromSeconds(1) },
        LeaseDuration = TimeSpan.FromSeconds(2),
        RenewDeadline = TimeSpan.FromSeconds(1.5),
        RetryPeriod = TimeSpan.FromMilliseconds(200),
    };

    /// <param name="kubeletPeriod">How often the stand-in kubelet looks at every Deployment (50 ms unless given).</param>
    /// <param name="forwardTo">A real server for the CRD and RealtimeClusters; the fake models them itself unless given.</param>
    public static async Task<OperatorHarness> StartAsync(bool gatewayApiInstalled = false, TimeSpan? kubeletPeriod = null, ForwardingTarget? forwardTo = null)
    {
        var server = await FakeApiServer.StartAsync(forwardTo: forwardTo);
        server.BookmarkInterval = TimeSpan.FromMilliseconds(500);
        if (forwardTo is null)
        {
            server.Store.Register(RealtimeClusters);
        }

        if (gatewayApiInstalled)
        {
            server.Store.Register(ResourceType.HttpRoute);
        }

        var harness = new OperatorHarness(server, kubeletPeriod ?? TimeSpan.FromMilliseconds(50));
        harness._kubelet = Task.Run(() => harness._kubeletStandIn.RunAsync(harness._kubeletStop.Token));
        return harness;
    }

    /// <param name="tuning">Timings; <see cref="FastTuning"/> unless given.</param>
    public RealtimeOperator StartOperator(string identity = "operator-0", bool leaderElection = false, int concurrency = 4, ILoggerFactory? loggers = null, OperatorTuning? tuning = null)
    {
        var options = new OperatorOptions
        {
            LeaderElection = leaderElection,
            Identity = identity,
            WatchNamespaces = [Namespace],
            MaxConcurrentReconciles = concurrency,
        };
        var realtimeOperator = new RealtimeOperator(Server.CreateClient(), options, "operators", tuning ?? FastTuning, loggers ?? NullLoggerFactory.Instance);
        var stop = new CancellationTokenSource();
        _operators.Add((realtimeOperator, stop, Task.Run(() => realtimeOperator.RunAsync(stop.Token))));
        return realtimeOperator;
    }

    public async Task StopOperatorAsync(RealtimeOperator realtimeOperator)
    {
        var entry = _operators.Single(o => o.Operator == realtimeOperator);
        await entry.Stop.CancelAsync();
        await entry.Running.WaitAsync(TimeSpan.FromSeconds(10));
        _operators.Remove(entry);
        entry.Stop.Dispose();
        realtimeOperator.Dispose();
    }

    public async Task CreateClusterAsync(string name, string specJson)
    {
        var body = JsonNode.Parse($$"""{"apiVersion":"realtime.dev/v1alpha1","kind":"RealtimeCluster","metadata":{"name":"{{name}}","namespace":"{{Namespace}}"},"spec":{{specJson}}}""")!;
        await Client.CustomObjects.CreateNamespacedCustomObjectAsync(body, RealtimeClusters.Group, RealtimeClusters.Version, Namespace, RealtimeClusters.Plural);
    }

    public async Task PatchSpecAsync(string name, string specPatchJson) =>
        await Client.CustomObjects.PatchNamespacedCustomObjectAsync(
            new V1Patch($$"""{"spec":{{specPatchJson}}}""", V1Patch.PatchType.MergePatch),
            RealtimeClusters.Group,
            RealtimeClusters.Version,
            Namespace,
            RealtimeClusters.Plural,
            name);

    public JsonObject? Cluster(string name) => Store.TryGet(RealtimeClusters, Namespace, name);

    public JsonObject? Child(string plural, string name) => Store.TryGet(Type(plural), Namespace, name);

    public ResourceType Type(string plural) => Store.Types.Single(type => type.Plural == plural);

    public JsonObject? Condition(string cluster, string type) =>
        (Cluster(cluster)?["status"]?["conditions"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault(c => c["type"]?.GetValue<string>() == type);

    public string? ConditionStatus(string cluster, string type) => Condition(cluster, type)?["status"]?.GetValue<string>();

    public bool IsReady(string cluster)
    {
        var rtc = Cluster(cluster);
        return ConditionStatus(cluster, "Ready") == "True"
            && rtc?["status"]?["observedGeneration"]?.GetValue<long>() == rtc?["metadata"]?["generation"]?.GetValue<long>();
    }

    public IReadOnlyList<(string Type, string Reason, string Message, int Count)> Events(string cluster) =>
        [.. Store.List(Type("events"), Namespace, LabelSelector.Everything).Items
            .Where(e => e["involvedObject"]?["name"]?.GetValue<string>() == cluster)
            .Select(e => (e["type"]!.GetValue<string>(), e["reason"]!.GetValue<string>(), e["message"]!.GetValue<string>(), e["count"]!.GetValue<int>()))];

    public int StatusWrites() => Server.Requests.Count(r => r.Resource == "realtimeclusters" && r.Subresource == "status" && r.Verb is "patch" or "update");

    public async ValueTask DisposeAsync()
    {
        foreach (var (realtimeOperator, stop, running) in _operators)
        {
            await stop.CancelAsync();
            await running.WaitAsync(TimeSpan.FromSeconds(10));
            stop.Dispose();
            realtimeOperator.Dispose();
        }

        await _kubeletStop.CancelAsync();
        await _kubelet;
        _kubeletStop.Dispose();
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
