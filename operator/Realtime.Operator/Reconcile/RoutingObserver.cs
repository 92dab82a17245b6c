using System.Text.Json;
using k8s;
using k8s.Models;
using Realtime.Operator.Api;
using Realtime.Operator.Builders.Routing;

namespace Realtime.Operator.Reconcile;

/// <summary>Whether the routing object is serving, from what its controller wrote into its status.</summary>
internal static class RoutingObserver
{
    public static async Task<RoutingObservation> ObserveAsync(IKubernetes client, RealtimeCluster cluster, IReadOnlyList<IKubernetesObject<V1ObjectMeta>> applied, CancellationToken cancellationToken)
    {
        switch (cluster.Spec.Routing.Provider)
        {
            case RoutingProvider.None:
                return new RoutingObservation(true, "NoRouting", "routing.provider is None: clients reach the server Service directly, and session affinity is the user's responsibility.");
            case RoutingProvider.GatewayAPI:
                var route = applied.OfType<HttpRoute>().FirstOrDefault();
                return route is null
                    ? new RoutingObservation(false, "RouteMissing", "The HTTPRoute was not applied.")
                    : await ObserveRouteAsync(client, route, cancellationToken);
            default:
                var ingress = applied.OfType<V1Ingress>().FirstOrDefault();
                var entry = ingress?.Status?.LoadBalancer?.Ingress?.FirstOrDefault(e => !string.IsNullOrEmpty(e.Ip) || !string.IsNullOrEmpty(e.Hostname));
                return entry is null
                    ? new RoutingObservation(false, "AwaitingAddress", "The ingress controller has not assigned the Ingress an address yet.")
                    : new RoutingObservation(true, "AddressAssigned", $"The Ingress is served at {entry.Ip ?? entry.Hostname}.", entry.Ip ?? entry.Hostname);
        }
    }

    private static async Task<RoutingObservation> ObserveRouteAsync(IKubernetes client, HttpRoute route, CancellationToken cancellationToken)
    {
        var raw = await client.CustomObjects.GetNamespacedCustomObjectAsync(HttpRoute.Group, HttpRoute.Version, route.Metadata.NamespaceProperty, HttpRoute.Plural, route.Metadata.Name, cancellationToken);
        var json = raw is JsonElement element ? element : JsonSerializer.SerializeToElement(raw);
        if (json.TryGetProperty("status", out var status) && status.TryGetProperty("parents", out var parents) && parents.ValueKind == JsonValueKind.Array)
        {
            foreach (var parent in parents.EnumerateArray())
            {
                if (parent.TryGetProperty("conditions", out var conditions) && conditions.ValueKind == JsonValueKind.Array
                    && conditions.EnumerateArray().Any(c => c.TryGetProperty("type", out var t) && t.GetString() == "Accepted" && c.TryGetProperty("status", out var s) && s.GetString() == "True"))
                {
                    return new RoutingObservation(true, "RouteAccepted", "A Gateway accepted the HTTPRoute.");
                }
            }
        }

        return new RoutingObservation(false, "AwaitingGateway", "No Gateway has accepted the HTTPRoute yet; check its parentRefs.");
    }
}
