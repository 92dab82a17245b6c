using System.Text.Json.Nodes;
namespace Realtime.FakeKubeApi;

/// <summary>
/// Plays the parts of a cluster the fake API server has none of, for the operator tests and the operator bench: every
/// Deployment's pods become ready, except those named in <see cref="UnreadyDeployments"/>, and every Ingress gets
/// an address.
/// </summary>
public sealed class KubeletStandIn(ObjectStore store, TimeSpan period)
{
    public const string IngressAddress = "203.0.113.10";

    /// <summary>Deployments whose pods stay unready.</summary>
    public HashSet<string> UnreadyDeployments { get; } = [];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var deployments = Type("deployments");
        var ingresses = Type("ingresses");
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
