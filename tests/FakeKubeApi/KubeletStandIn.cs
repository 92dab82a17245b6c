using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
namespace Realtime.FakeKubeApi;

/// <summary>
/// Plays the parts of a cluster the fake API server has none of, for the operator tests and the operator bench: every
/// Deployment's pods become ready, except those named in <see cref="UnreadyDeployments"/>, every StatefulSet's
/// pods too, less those <see cref="UnreadyStatefulSetPods"/> holds back, and every Ingress gets an address.
/// </summary>
public sealed class KubeletStandIn(ObjectStore store, TimeSpan period)
{
    public const string IngressAddress = "203.0.113.10";

    /// <summary>Deployments whose pods stay unready.</summary>
    public HashSet<string> UnreadyDeployments { get; } = [];

    /// <summary>StatefulSets by name, with how many of their pods stay unready.</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, int> UnreadyStatefulSetPods { get; } = new();

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var deployments = Type("deployments");
        var ingresses = Type("ingresses");
        var statefulSets = Type("statefulsets");
        while (!cancellationToken.IsCancellationRequested)
        {
            // Redis pods (a small image) start before the server pods here, so that a cluster coming up never
            // shows server pods running without their backplane; tests that want that say so.
            var all = store.List(deployments, null, LabelSelector.Everything).Items
                .OrderBy(d => d["metadata"]!["labels"]?["app.kubernetes.io/component"]?.GetValue<string>() == "redis" ? 0 : 1);
            foreach (var deployment in all)
            {
                var ready = UnreadyDeployments.Contains(Name(deployment)) ? 0 : deployment["spec"]?["replicas"]?.GetValue<int>() ?? 1;
                var status = new JsonObject
                {
                    ["observedGeneration"] = deployment["metadata"]!["generation"]!.GetValue<long>(),
                    ["replicas"] = ready,
                    ["readyReplicas"] = ready,
                    ["updatedReplicas"] = ready,
                    ["availableReplicas"] = ready,
                };
                if (!JsonNode.DeepEquals(deployment["status"], status))
                {
                    deployment["status"] = status;
                    TryWrite(() => store.Update(deployments, Namespace(deployment), Name(deployment), deployment, "kubelet", "status"));
                }
            }

            foreach (var statefulSet in store.List(statefulSets, null, LabelSelector.Everything).Items)
            {
                var status = StatefulSetStatus(statefulSet, UnreadyStatefulSetPods.GetValueOrDefault(Name(statefulSet)));
                if (!JsonNode.DeepEquals(statefulSet["status"], status))
                {
                    statefulSet["status"] = status;
                    TryWrite(() => store.Update(statefulSets, Namespace(statefulSet), Name(statefulSet), statefulSet, "kubelet", "status"));
                }
            }

            foreach (var ingress in store.List(ingresses, null, LabelSelector.Everything).Items.Where(i => i["status"]?["loadBalancer"]?["ingress"] is null))
            {
                ingress["status"] = JsonNode.Parse($$$"""{"loadBalancer":{"ingress":[{"ip":"{{{IngressAddress}}}"}]}}""");
                TryWrite(() => store.Update(ingresses, Namespace(ingress), Name(ingress), ingress, "ingress-controller", "status"));
            }

            try
            {
                await Task.Delay(period, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// The status the StatefulSet controller writes (kubernetes/kubernetes pkg/controller/statefulset/
    /// stateful_set_control.go: computeReplicaStatus counts created, running-and-ready and available pods and those at
    /// the current and update revisions; updateStatefulSetStatus's completeRollingUpdate makes the update revision the
    /// current one once every pod is updated and ready). Here every pod is recreated at the update revision at once,
    /// minReadySeconds is 0 (available = ready), and a revision is named as the controller names its
    /// ControllerRevisions: the StatefulSet's name and a hash of its pod template (history.ControllerRevisionName).
    /// </summary>
    private static JsonObject StatefulSetStatus(JsonNode statefulSet, int unready)
    {
        var replicas = statefulSet["spec"]?["replicas"]?.GetValue<int>() ?? 1;
        var ready = Math.Max(0, replicas - unready);
        var template = statefulSet["spec"]?["template"]?.ToJsonString() ?? "";
        var updateRevision = $"{Name(statefulSet)}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(template)))[..10]}";
        var previousCurrent = statefulSet["status"]?["currentRevision"]?.GetValue<string>();
        var currentRevision = ready == replicas || previousCurrent is null ? updateRevision : previousCurrent;
        return new JsonObject
        {
            ["observedGeneration"] = statefulSet["metadata"]!["generation"]!.GetValue<long>(),
            ["replicas"] = replicas,
            ["readyReplicas"] = ready,
            ["availableReplicas"] = ready,
            ["currentReplicas"] = currentRevision == updateRevision ? replicas : 0,
            ["updatedReplicas"] = replicas,
            ["currentRevision"] = currentRevision,
            ["updateRevision"] = updateRevision,
            ["collisionCount"] = 0,
        };
    }

    private ResourceType Type(string plural) => store.Types.Single(type => type.Plural == plural);

    private static string Namespace(JsonNode item) => item["metadata"]!["namespace"]!.GetValue<string>();

    private static string Name(JsonNode item) => item["metadata"]!["name"]!.GetValue<string>();

    private static void TryWrite(Action write)
    {
        try
        {
            write();
        }
        catch (ApiException)
        {
            // Raced with the operator or a deletion; the next round sees the new state.
        }
    }
}
