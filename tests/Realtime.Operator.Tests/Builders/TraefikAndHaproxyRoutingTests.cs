using Realtime.Operator.Api;
using Realtime.Operator.Builders.Routing;

namespace Realtime.Operator.Tests.Builders;

public sealed class TraefikRoutingTests
{
    [Fact]
    public void Is_a_plain_ingress_because_traefik_reads_stickiness_from_the_service()
    {
        var ingress = TraefikRouting.Build(TestClusters.Create(spec => { spec.Routing.Provider = RoutingProvider.Traefik; spec.Routing.ClassName = "traefik"; }));

        Assert.Empty(ingress.Metadata.Annotations ?? new Dictionary<string, string>());
        Assert.Equal("traefik", ingress.Spec.IngressClassName);
    }

    [Fact]
    public void Without_affinity_the_service_gets_no_sticky_cookie()
    {
        Assert.Null(TraefikRouting.ServiceAnnotations(TestClusters.Create(spec =>
        {
            spec.Routing.Provider = RoutingProvider.Traefik;
            spec.Routing.SessionAffinity.Enabled = false;
        })));
    }
}

public sealed class HaproxyIngressRoutingTests
{
    private const string P = "haproxy-ingress.github.io/";

    [Fact]
    public void Inserts_an_affinity_cookie_and_keeps_tunnels_open()
    {
        var annotations = HaproxyIngressRouting.Build(TestClusters.Create(spec => spec.Routing.Provider = RoutingProvider.HAProxyIngress)).Metadata.Annotations;

        Assert.Equal("cookie", annotations[P + "affinity"]);
        Assert.Equal("route", annotations[P + "session-cookie-name"]);
        Assert.Equal("insert", annotations[P + "session-cookie-strategy"]);
        Assert.Equal("indirect nocache httponly", annotations[P + "session-cookie-keywords"]);
        Assert.Equal("3600s", annotations[P + "timeout-tunnel"]);
    }

    [Fact]
    public void Adds_secure_and_samesite_to_the_cookie_keywords()
    {
        var annotations = HaproxyIngressRouting.Build(TestClusters.Create(spec =>
        {
            spec.Routing.Provider = RoutingProvider.HAProxyIngress;
            spec.Routing.SessionAffinity.Secure = true;
            spec.Routing.SessionAffinity.SameSite = SameSiteMode.Lax;
        })).Metadata.Annotations;

        Assert.Equal("indirect nocache httponly secure attr SameSite=Lax", annotations[P + "session-cookie-keywords"]);
    }
}
