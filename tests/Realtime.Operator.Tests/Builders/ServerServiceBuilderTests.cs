using Realtime.Operator.Api;
using Realtime.Operator.Builders;

namespace Realtime.Operator.Tests.Builders;

public sealed class ServerServiceBuilderTests
{
    [Fact]
    public void Exposes_port_5000_named_http_to_the_server_pods()
    {
        var service = ServerServiceBuilder.Build(TestClusters.Create());

        var port = Assert.Single(service.Spec.Ports);
        Assert.Equal(("http", 5000, "http"), (port.Name, port.Port, port.TargetPort.Value));
        Assert.Equal("server", service.Spec.Selector["app.kubernetes.io/component"]);
        Assert.Equal("chat", service.Spec.Selector["app.kubernetes.io/instance"]);
        Assert.Equal("ClusterIP", service.Spec.Type);
    }

    [Fact]
    public void Carries_no_annotations_unless_traefik_routes_to_it()
    {
        Assert.Null(ServerServiceBuilder.Build(TestClusters.Create()).Metadata.Annotations);
    }

    [Fact]
    public void Carries_traefiks_sticky_cookie_when_traefik_routes_to_it()
    {
        var service = ServerServiceBuilder.Build(TestClusters.Create(spec =>
        {
            spec.Routing.Provider = RoutingProvider.Traefik;
            spec.Routing.SessionAffinity.Secure = true;
            spec.Routing.SessionAffinity.SameSite = SameSiteMode.Strict;
        }));

        var annotations = service.Metadata.Annotations;
        Assert.Equal("true", annotations["traefik.ingress.kubernetes.io/service.sticky.cookie"]);
        Assert.Equal("route", annotations["traefik.ingress.kubernetes.io/service.sticky.cookie.name"]);
        Assert.Equal("172800", annotations["traefik.ingress.kubernetes.io/service.sticky.cookie.maxage"]);
        Assert.Equal("true", annotations["traefik.ingress.kubernetes.io/service.sticky.cookie.secure"]);
        Assert.Equal("strict", annotations["traefik.ingress.kubernetes.io/service.sticky.cookie.samesite"]);
    }
}
