using System.Globalization;
using k8s.Models;
using Realtime.Operator.Api;

namespace Realtime.Operator.Builders.Routing;

/// <summary>
/// An Ingress for ingress-nginx with cookie affinity. <c>session-cookie-hash</c> is never written: ingress-nginx
/// removed it in 0.24 and current controllers ignore it.
/// </summary>
internal static class IngressNginxRouting
{
    public const string Prefix = "nginx.ingress.kubernetes.io/";

    public static V1Ingress Build(RealtimeCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return RoutingIngress.Build(cluster, Annotations(cluster));
    }

    public static Dictionary<string, string> Annotations(RealtimeCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var timeout = RoutingIngress.TunnelTimeoutSeconds.ToString(CultureInfo.InvariantCulture);
        var annotations = new Dictionary<string, string>
        {
            [Prefix + "proxy-read-timeout"] = timeout,
            [Prefix + "proxy-send-timeout"] = timeout,

            // nginx rejects bodies over 1m by default; a polling POST may carry maxHttpBufferSize bytes.
            [Prefix + "proxy-body-size"] = BodySize(cluster.Spec.Socketio.MaxHttpBufferSize),
        };

        var affinity = cluster.Spec.Routing.SessionAffinity;
        if (!affinity.Enabled)
        {
            return annotations;
        }

        var maxAge = affinity.MaxAgeSeconds.ToString(CultureInfo.InvariantCulture);
        annotations[Prefix + "affinity"] = "cookie";
        annotations[Prefix + "affinity-mode"] = affinity.Mode == AffinityMode.Persistent ? "persistent" : "balanced";
        annotations[Prefix + "session-cookie-name"] = affinity.CookieName;
        annotations[Prefix + "session-cookie-expires"] = maxAge;
        annotations[Prefix + "session-cookie-max-age"] = maxAge;
        if (affinity.Secure is { } secure)
        {
            annotations[Prefix + "session-cookie-secure"] = secure ? "true" : "false";
        }

        if (affinity.SameSite is { } sameSite)
        {
            annotations[Prefix + "session-cookie-samesite"] = sameSite.ToString();
        }

        return annotations;
    }

    private static string BodySize(int bytes) => string.Create(CultureInfo.InvariantCulture, $"{(bytes + 1023) / 1024}k");
}
