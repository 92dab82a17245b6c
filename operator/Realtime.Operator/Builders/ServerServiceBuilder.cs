using k8s.Models;
using Realtime.Operator.Api;
using Realtime.Operator.Builders.Routing;

namespace Realtime.Operator.Builders;

/// <summary>The ClusterIP Service in front of the server pods.</summary>
internal static class ServerServiceBuilder
{
    public const int Port = 5000;
    public const string PortName = "http";

    public static V1Service Build(RealtimeCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",

            // Traefik reads its sticky-cookie settings from the Service rather than the Ingress.
            Metadata = ChildMetadata.For(cluster, ChildNames.Server(cluster), ChildLabels.ServerComponent,
                TraefikRouting.ServiceAnnotations(cluster)),
            Spec = new V1ServiceSpec
            {
                Type = "ClusterIP",
                Selector = ChildLabels.Selector(cluster, ChildLabels.ServerComponent),
                Ports =
                [
                    new V1ServicePort { Name = PortName, Port = Port, TargetPort = PortName, Protocol = "TCP" },
                ],
            },
        };
    }
}
