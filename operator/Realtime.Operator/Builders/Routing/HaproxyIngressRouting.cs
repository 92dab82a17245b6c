using k8s.Models;
using Realtime.Operator.Api;

namespace Realtime.Operator.Builders.Routing;

/// <summary>HAProxy Ingress (haproxy-ingress.github.io): an Ingress with its cookie-affinity annotations.</summary>
internal static class HaproxyIngressRouting
{
    public const string Prefix = "haproxy-ingress.github.io/";

    public static V1Ingress Build(RealtimeCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return RoutingIngress.Build(cluster, Annotations(cluster));
    }

    public static Dictionary<string, string> Annotations(RealtimeCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var annotations = new Dictionary<string, string>
        {
            // HAProxy's tunnel timeout governs established WebSockets.
            [Prefix + "timeout-tunnel"] = $"{RoutingIngress.TunnelTimeoutSeconds}s",
        };

        var affinity = cluster.Spec.Routing.SessionAffinity;
        if (!affinity.Enabled)
        {
            return annotations;
        }

        // HAProxy writes a session cookie: its maxlife/maxidle are server-side checks, not the browser's Max-Age.
        var keywords = "indirect nocache httponly";
        if (affinity.Secure == true)
        {
            keywords += " secure";
        }

        if (affinity.SameSite is { } sameSite)
        {
            keywords += $" attr SameSite={sameSite}";
        }

        annotations[Prefix + "affinity"] = "cookie";
        annotations[Prefix + "session-cookie-name"] = affinity.CookieName;
        annotations[Prefix + "session-cookie-strategy"] = "insert";
        annotations[Prefix + "session-cookie-keywords"] = keywords;
        return annotations;
    }
}
