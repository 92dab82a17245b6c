using Realtime.Operator.Api;
using Realtime.Operator.Builders.Routing;

namespace Realtime.Operator.Tests.Builders;

public sealed class GatewayApiRoutingTests
{
    private static RealtimeCluster Cluster(Action<RealtimeClusterSpec>? change = null) => TestClusters.Create(spec =>
    {
        spec.Routing.Provider = RoutingProvider.GatewayAPI;
        spec.Routing.Host = "chat.example.com";
        spec.Routing.ParentRefs = [new ParentReference { Name = "public", Namespace = "gateways", SectionName = "https" }];
        change?.Invoke(spec);
    });

    [Fact]
    public void Attaches_to_the_parents_and_routes_the_socketio_path_to_the_service()
    {
        var route = GatewayApiRouting.Build(Cluster());

        Assert.Equal("gateway.networking.k8s.io/v1", route.ApiVersion);
        Assert.Equal("HTTPRoute", route.Kind);
        var parent = Assert.Single(route.Spec.ParentRefs);
        Assert.Equal(("public", "gateways", "https"), (parent.Name, parent.Namespace, parent.SectionName));
        Assert.Equal(["chat.example.com"], route.Spec.Hostnames);
        var rule = Assert.Single(route.Spec.Rules);
        var match = Assert.Single(rule.Matches);
        Assert.Equal(("PathPrefix", "/socket.io/"), (match.Path.Type, match.Path.Value));
        var backend = Assert.Single(rule.BackendRefs);
        Assert.Equal(("chat", 5000), (backend.Name, backend.Port));
    }

    [Fact]
    public void Persists_sessions_with_a_permanent_cookie_that_expires_after_max_age()
    {
        var persistence = Assert.Single(GatewayApiRouting.Build(Cluster()).Spec.Rules).SessionPersistence;

        Assert.NotNull(persistence);
        Assert.Equal(("route", "Cookie", "48h", "Permanent"),
            (persistence.SessionName, persistence.Type, persistence.AbsoluteTimeout, persistence.CookieConfig?.LifetimeType));
    }

    [Fact]
    public void Without_affinity_there_is_no_session_persistence()
    {
        Assert.Null(Assert.Single(GatewayApiRouting.Build(Cluster(spec => spec.Routing.SessionAffinity.Enabled = false)).Spec.Rules).SessionPersistence);
    }

    [Theory]
    [InlineData(172800, "48h")]
    [InlineData(90061, "25h1m1s")]
    [InlineData(59, "59s")]
    [InlineData(31_536_000, "8760h")]
    public void Writes_durations_within_the_gateway_api_five_digit_limit(int seconds, string expected)
    {
        var duration = GatewayApiRouting.Duration(seconds);

        Assert.Equal(expected, duration);
        Assert.Matches("^([0-9]{1,5}(h|m|s|ms)){1,4}$", duration);
    }

    [Fact]
    public void Serializes_in_the_gateway_api_field_names()
    {
        var yaml = k8s.KubernetesYaml.Serialize(GatewayApiRouting.Build(Cluster()));

        Assert.Contains("sessionPersistence:", yaml, StringComparison.Ordinal);
        Assert.Contains("lifetimeType: Permanent", yaml, StringComparison.Ordinal);
        Assert.Contains("absoluteTimeout: 48h", yaml, StringComparison.Ordinal);
        Assert.Contains("parentRefs:", yaml, StringComparison.Ordinal);
        Assert.Contains("backendRefs:", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("group:", yaml, StringComparison.Ordinal);
    }
}
