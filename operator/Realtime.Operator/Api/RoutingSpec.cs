using System.ComponentModel;
using Realtime.Operator.Api.Schema;

namespace Realtime.Operator.Api;

/// <summary>How clients reach the server pods.</summary>
public sealed class RoutingSpec
{
    [Description("What the operator creates: an Ingress for ingress-nginx (retired upstream; prefer GatewayAPI for new clusters), Traefik or HAProxy Ingress, a Gateway API HTTPRoute, or nothing (None: stickiness is then your responsibility).")]
    public RoutingProvider Provider { get; set; } = RoutingProvider.IngressNginx;

    [Description("Public host name of the Socket.IO endpoint. Unset: every host the controller serves.")]
    [Length(1, 253)]
    [StringPattern(Patterns.Hostname, Patterns.HostnameMessage)]
    public string? Host { get; set; }

    [Description("IngressClass of the Ingress (Ingress providers only).")]
    [Length(1, 253)]
    [StringPattern(Patterns.DnsSubdomain, Patterns.DnsSubdomainMessage)]
    public string? ClassName { get; set; }

    [Description("TLS termination on the Ingress; needs host.")]
    public TlsSpec? Tls { get; set; }

    [Description("Extra annotations on the Ingress or HTTPRoute, applied last so they win.")]
    public IDictionary<string, string>? Annotations { get; set; }

    [Description("Cookie affinity, so that every request of a Socket.IO session reaches the pod holding it.")]
    public SessionAffinitySpec SessionAffinity { get; set; } = new();

    [Description("Gateways the HTTPRoute attaches to (GatewayAPI only).")]
    [ItemCount(0, 32)]
    public IList<ParentReference>? ParentRefs { get; set; }
}

/// <summary>The routing object the operator writes.</summary>
public enum RoutingProvider
{
    IngressNginx,
    GatewayAPI,
    Traefik,
    HAProxyIngress,
    None,
}

/// <summary>TLS of the Ingress.</summary>
public sealed class TlsSpec
{
    [Description("Secret of type kubernetes.io/tls holding the certificate for host.")]
    [RequiredField]
    [Length(1, 253)]
    [StringPattern(Patterns.DnsSubdomain, Patterns.DnsSubdomainMessage)]
    public string SecretName { get; set; } = "";
}

/// <summary>A Gateway (or listener of one) an HTTPRoute attaches to.</summary>
public sealed class ParentReference
{
    [Description("API group of the parent. Default: gateway.networking.k8s.io.")]
    [Length(0, 253)]
    public string? Group { get; set; }

    [Description("Kind of the parent. Default: Gateway.")]
    [Length(1, 63)]
    public string? Kind { get; set; }

    [Description("Namespace of the parent. Default: the RealtimeCluster's namespace.")]
    [Length(1, 63)]
    [StringPattern(Patterns.DnsLabel, Patterns.DnsLabelMessage)]
    public string? Namespace { get; set; }

    [Description("Name of the parent.")]
    [RequiredField]
    [Length(1, 253)]
    [StringPattern(Patterns.DnsSubdomain, Patterns.DnsSubdomainMessage)]
    public string Name { get; set; } = "";

    [Description("Listener of the Gateway to attach to.")]
    [Length(1, 253)]
    [StringPattern(Patterns.DnsSubdomain, Patterns.DnsSubdomainMessage)]
    public string? SectionName { get; set; }

    [Description("Listener port to attach to.")]
    [NumberRange(1, 65535)]
    public int? Port { get; set; }
}
