using System.Globalization;
using System.Text;

namespace Realtime.Operator.Local;

/// <summary>
/// The haproxy configuration that stands in for the cluster's Ingress: the same cookie affinity (inserted by the
/// proxy, honoured afterwards, redispatched when the pinned pod is down), the readiness probe's check (an HTTP path,
/// or a TCP connect) as the kubelet's, and a tunnel timeout long enough for idle WebSockets.
/// </summary>
public static class HaproxyConfiguration
{
    public static string Build(LocalPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var config = new StringBuilder();
        config.AppendLine("global");
        config.AppendLine("  maxconn 4096");
        config.AppendLine("defaults");
        config.AppendLine("  mode http");
        config.AppendLine("  option http-server-close");
        config.AppendLine("  option redispatch");
        config.AppendLine("  retries 3");
        config.AppendLine("  timeout connect 2s");
        config.AppendLine("  timeout client 60s");
        config.AppendLine("  timeout server 60s");
        config.AppendLine("  timeout tunnel 3600s");
        config.AppendLine("frontend realtime");
        config.AppendLine(CultureInfo.InvariantCulture, $"  bind 127.0.0.1:{plan.ProxyPort}");
        config.AppendLine("  default_backend pods");
        config.AppendLine("backend pods");
        config.AppendLine("  balance roundrobin");
        if (plan.ReadinessPath is { } readiness)
        {
            config.AppendLine(CultureInfo.InvariantCulture, $"  option httpchk GET {readiness}");
        }

        if (plan.StickyCookie is { } cookie)
        {
            config.AppendLine(CultureInfo.InvariantCulture, $"  cookie {cookie} insert indirect nocache httponly");
        }

        foreach (var replica in plan.Replicas)
        {
            var pin = plan.StickyCookie is null ? "" : $" cookie {replica.PodName}";
            config.AppendLine(CultureInfo.InvariantCulture,
                $"  server {replica.PodName} 127.0.0.1:{replica.Port}{pin} check inter 500ms fall 2 rise 1");
        }

        return config.ToString();
    }
}
