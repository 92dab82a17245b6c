using k8s.Models;
using Realtime.Operator.Api;

namespace Realtime.Operator.Builders.Routing;

/// <summary>
/// The Ingress shared by the Ingress providers: only the Socket.IO path and the app's own paths go to the Service
/// (the bundled server's /api/, /metrics and health endpoints stay internal). Providers differ only in annotations.
/// </summary>
internal static class RoutingIngress
{
    /// <summary>WebSockets idle longer than proxies' usual 60 s; the ingress-nginx docs advise at least an hour.</summary>
    public const int TunnelTimeoutSeconds = 3600;

    public static V1Ingress Build(RealtimeCluster cluster, IDictionary<string, string> providerAnnotations)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(providerAnnotations);
        var routing = cluster.Spec.Routing;
        return new V1Ingress
        {
            ApiVersion = "networking.k8s.io/v1",
            Kind = "Ingress",
            Metadata = ChildMetadata.For(cluster, ChildNames.Server(cluster), ChildLabels.RoutingComponent,
                MergeUserAnnotations(providerAnnotations, routing.Annotations)),
            Spec = new V1IngressSpec
            {
                IngressClassName = routing.ClassName,
                Rules =
                [
                    new V1IngressRule
                    {
                        Host = routing.Host,
                        Http = new V1HTTPIngressRuleValue
                        {
                            Paths = RoutedPaths.Of(cluster).Select(path => new V1HTTPIngressPath
                            {
                                Path = path,
                                PathType = "Prefix",
                                Backend = new V1IngressBackend
                                {
                                    Service = new V1IngressServiceBackend
                                    {
                                        Name = ChildNames.Server(cluster),
                                        Port = new V1ServiceBackendPort { Name = ServerServiceBuilder.PortName },
                                    },
                                },
                            }).ToList(),
                        },
                    },
                ],
                Tls = routing.Tls is { } tls && routing.Host is { } host
                    ? [new V1IngressTLS { Hosts = [host], SecretName = tls.SecretName }]
                    : null,
            },
        };
    }

    /// <summary>The user's annotations are applied last, so they override the provider's.</summary>
    public static Dictionary<string, string> MergeUserAnnotations(IDictionary<string, string> provider, IDictionary<string, string>? user)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var merged = new Dictionary<string, string>(provider);
        foreach (var (key, value) in user ?? new Dictionary<string, string>())
        {
            merged[key] = value;
        }

        return merged;
    }
}
