using k8s;
using k8s.Models;

namespace Realtime.Chart.Tests;

/// <summary>
/// The part of the Prometheus Operator's ServiceMonitor (monitoring.coreos.com/v1) the chart writes, so a rendered one
/// parses strictly like the built-in kinds do.
/// </summary>
public sealed class ServiceMonitor : IKubernetesObject<V1ObjectMeta>
{
    public string ApiVersion { get; set; } = "monitoring.coreos.com/v1";

    public string Kind { get; set; } = "ServiceMonitor";

    public V1ObjectMeta Metadata { get; set; } = new();

    public ServiceMonitorSpec Spec { get; set; } = new();
}

public sealed class ServiceMonitorSpec
{
    public V1LabelSelector Selector { get; set; } = new();

    public ServiceMonitorNamespaceSelector NamespaceSelector { get; set; } = new();

    public IList<ServiceMonitorEndpoint> Endpoints { get; init; } = [];
}

public sealed class ServiceMonitorNamespaceSelector
{
    public IList<string> MatchNames { get; init; } = [];
}

public sealed class ServiceMonitorEndpoint
{
    public string Port { get; set; } = "";

    public string Path { get; set; } = "";

    public string Interval { get; set; } = "";

    public string ScrapeTimeout { get; set; } = "";
}
