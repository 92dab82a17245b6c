using Realtime.Local.Haproxy;

namespace Realtime.Local;

/// <summary>
/// The haproxy configuration that stands in for the cluster's Ingress: the same cookie affinity, the readiness
/// probe's check (an HTTP path, or a TCP connect) as the kubelet's.
/// </summary>
public static class HaproxyConfiguration
{
    public static string Build(LocalPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        return HaproxyConfigWriter.Write(
            plan.ProxyPort,
            [.. plan.Replicas.Select(replica => new HaproxyBackend(replica.PodName, replica.Port))],
            plan.StickyCookie,
            plan.ReadinessPath,
            TimeSpan.FromMilliseconds(500),
            maxConnections: 4096);
    }
}
