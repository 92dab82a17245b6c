using System.Globalization;
using k8s.Models;
using Realtime.Operator.Api;

namespace Realtime.Operator.Builders.Routing;

/// <summary>Traefik: a plain Ingress, with the sticky cookie configured on the Service it routes to.</summary>
internal static class TraefikRouting
{
    public const string ServicePrefix = "traefik.ingress.kubernetes.io/service.sticky.cookie";

    public static V1Ingress Build(RealtimeCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return RoutingIngress.Build(cluster, new Dictionary<string, string>());
    }

    /// <summary>The Service annotations; null unless Traefik routes with affinity.</summary>
    public static Dictionary<string, string>? ServiceAnnotations(RealtimeCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var routing = cluster.Spec.Routing;
        if (routing.Provider != RoutingProvider.Traefik || !routing.SessionAffinity.Enabled)
        {
            return null;
        }

        var affinity = routing.SessionAffinity;
        var annotations = new Dictionary<string, string>
        {
            [ServicePrefix] = "true",
            [ServicePrefix + ".name"] = affinity.CookieName,
            [ServicePrefix + ".httponly"] = "true",
            [ServicePrefix + ".maxage"] = affinity.MaxAgeSeconds.ToString(CultureInfo.InvariantCulture),
        };
        if (affinity.Secure is { } secure)
        {
            annotations[ServicePrefix + ".secure"] = secure ? "true" : "false";
        }

        if (affinity.SameSite is { } sameSite)
        {
            annotations[ServicePrefix + ".samesite"] = sameSite.ToString().ToLowerInvariant();
        }

        return annotations;
    }
}
