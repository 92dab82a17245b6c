using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Realtime.FakeKubeApi;
using Realtime.Operator.Hosting;
using Realtime.Operator.Runtime.Controllers;
using Realtime.Operator.Runtime.Queue;
using Realtime.Operator.Runtime.Watching;
using Realtime.Testing;

namespace Realtime.Chart.Tests;

/// <summary>
/// The API calls the real operator makes through a RealtimeCluster's life: it runs in-process against the fake API
/// server (real HTTP, so the KubernetesClient code path is the production one) while the test writes the cluster
/// straight into the fake's store, so the request log holds the operator's calls and nothing else.
/// </summary>
public sealed class OperatorApiCalls : IAsyncLifetime
{
    public const string LeaseNamespace = "realtime-system";
    private const string AppNamespace = "apps";

    private static readonly ResourceType RealtimeClusters =
        new("realtime.dev", "v1alpha1", "realtimeclusters", "RealtimeCluster", HasStatus: true);

    private static readonly OperatorTuning FastTuning = new()
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

    public IReadOnlyList<RecordedRequest> Requests { get; private set; } = [];

    public async Task InitializeAsync()
    {
        await using var server = await FakeApiServer.StartAsync();
        server.Store.Register(RealtimeClusters);
        server.Store.Register(ResourceType.HttpRoute);
        var options = new OperatorOptions { LeaderElection = true, Identity = "operator-0", WatchNamespaces = [] };
        using var client = server.CreateClient();
        var realtimeOperator = new RealtimeOperator(client, options, LeaseNamespace, FastTuning, NullLoggerFactory.Instance);
        using var stop = new CancellationTokenSource();
        var running = Task.Run(() => realtimeOperator.RunAsync(stop.Token));
        try
        {
            await DriveLifeCycleAsync(server.Store);
        }
        finally
        {
            await stop.CancelAsync();
            await running.WaitAsync(TimeSpan.FromSeconds(10));
        }

        Requests = server.Requests;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>
    /// Every child kind appears (managed Redis with persistence, autoscaling, an Ingress, a referenced API token
    /// Secret), then the spec moves on so children are pruned and the routing switches to an HTTPRoute, and Redis
    /// turns highly available (a StatefulSet and the scripts ConfigMap replace the Deployment and its claim).
    /// </summary>
    private static async Task DriveLifeCycleAsync(ObjectStore store)
    {
        store.Create(store.Types.Single(type => type.Plural == "secrets"), AppNamespace, JsonNode.Parse("""
            {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "api-token", "namespace": "apps"},
             "stringData": {"token": "0123456789abcdef0123"}}
            """)!.AsObject(), "test");
        store.Create(RealtimeClusters, AppNamespace, JsonNode.Parse("""
            {
              "apiVersion": "realtime.dev/v1alpha1", "kind": "RealtimeCluster",
              "metadata": {"name": "chat", "namespace": "apps"},
              "spec": {
                "routing": {"host": "chat.example.com"},
                "redis": {"persistence": true},
                "autoscaling": {"enabled": true, "minReplicas": 2, "maxReplicas": 4},
                "socketio": {"apiTokenSecretRef": {"name": "api-token"}}
              }
            }
            """)!.AsObject(), "test");
        await Eventually.TrueAsync(() => Child(store, "horizontalpodautoscalers") is not null && Child(store, "ingresses") is not null,
            TimeSpan.FromSeconds(20), "the operator applied the first children");

        store.MergePatch(RealtimeClusters, AppNamespace, "chat",
            JsonNode.Parse("""{"spec": {"autoscaling": {"enabled": false}, "routing": {"provider": "GatewayAPI", "parentRefs": [{"name": "public"}]}}}""")!.AsObject(),
            "test", "");
        await Eventually.TrueAsync(() => Child(store, "horizontalpodautoscalers") is null && Child(store, "ingresses") is null
                && Child(store, "httproutes") is not null && Observed(store),
            TimeSpan.FromSeconds(20), "the operator pruned the HPA and the Ingress, applied the HTTPRoute and reported on it");

        store.MergePatch(RealtimeClusters, AppNamespace, "chat",
            JsonNode.Parse("""{"spec": {"redis": {"highAvailability": {"enabled": true}}}}""")!.AsObject(), "test", "");
        await Eventually.TrueAsync(() => ChildNamed(store, "statefulsets", "chat-redis") is not null && ChildNamed(store, "deployments", "chat-redis") is null && Observed(store),
            TimeSpan.FromSeconds(20), "the operator replaced the Redis Deployment with the high-availability StatefulSet and reported on it");
    }

    /// <summary>Status written for the current generation: the children were observed, not only applied.</summary>
    private static bool Observed(ObjectStore store)
    {
        var cluster = store.Get(RealtimeClusters, AppNamespace, "chat");
        return cluster["status"]?["observedGeneration"]?.GetValue<long>() == cluster["metadata"]!["generation"]!.GetValue<long>();
    }

    private static JsonObject? Child(ObjectStore store, string plural) => ChildNamed(store, plural, "chat");

    private static JsonObject? ChildNamed(ObjectStore store, string plural, string name) =>
        store.TryGet(store.Types.Single(type => type.Plural == plural), AppNamespace, name);
}
