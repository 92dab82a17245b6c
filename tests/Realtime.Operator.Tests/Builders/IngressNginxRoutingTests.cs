using Realtime.Operator.Api;
using Realtime.Operator.Builders.Routing;

namespace Realtime.Operator.Tests.Builders;

public sealed class IngressNginxRoutingTests
{
    private const string P = "nginx.ingress.kubernetes.io/";

    [Fact]
    public void Pins_sessions_with_a_persistent_cookie_by_default()
    {
        var annotations = IngressNginxRouting.Build(TestClusters.Create()).Metadata.Annotations;

        Assert.Equal("cookie", annotations[P + "affinity"]);
        Assert.Equal("persistent", annotations[P + "affinity-mode"]);
        Assert.Equal("route", annotations[P + "session-cookie-name"]);
        Assert.Equal("172800", annotations[P + "session-cookie-expires"]);
        Assert.Equal("172800", annotations[P + "session-cookie-max-age"]);
        Assert.DoesNotContain(P + "session-cookie-secure", annotations.Keys);
        Assert.DoesNotContain(P + "session-cookie-samesite", annotations.Keys);
    }

    [Fact]
    public void Never_writes_the_removed_session_cookie_hash()
    {
        var annotations = IngressNginxRouting.Build(TestClusters.Create(spec => spec.Routing.SessionAffinity.Mode = AffinityMode.Balanced)).Metadata.Annotations;

        Assert.DoesNotContain(annotations.Keys, key => key.Contains("session-cookie-hash", StringComparison.Ordinal));
        Assert.Equal("balanced", annotations[P + "affinity-mode"]);
    }

    [Fact]
    public void Keeps_websockets_open_for_at_least_an_hour_and_admits_the_largest_message()
    {
        var annotations = IngressNginxRouting.Build(TestClusters.Create(spec => spec.Socketio.MaxHttpBufferSize = 5_000_000)).Metadata.Annotations;

        Assert.True(int.Parse(annotations[P + "proxy-read-timeout"], System.Globalization.CultureInfo.InvariantCulture) >= 3600);
        Assert.True(int.Parse(annotations[P + "proxy-send-timeout"], System.Globalization.CultureInfo.InvariantCulture) >= 3600);
        Assert.Equal("4883k", annotations[P + "proxy-body-size"]);
    }

    [Fact]
    public void Writes_secure_and_samesite_only_when_set()
    {
        var annotations = IngressNginxRouting.Build(TestClusters.Create(spec =>
        {
            spec.Routing.SessionAffinity.Secure = true;
            spec.Routing.SessionAffinity.SameSite = SameSiteMode.None;
            spec.Routing.SessionAffinity.MaxAgeSeconds = 3600;
        })).Metadata.Annotations;

        Assert.Equal("true", annotations[P + "session-cookie-secure"]);
        Assert.Equal("None", annotations[P + "session-cookie-samesite"]);
        Assert.Equal("3600", annotations[P + "session-cookie-max-age"]);
    }

    [Fact]
    public void Without_affinity_writes_only_the_timeouts()
    {
        var annotations = IngressNginxRouting.Build(TestClusters.Create(spec => spec.Routing.SessionAffinity.Enabled = false)).Metadata.Annotations;

        Assert.DoesNotContain(P + "affinity", annotations.Keys);
        Assert.Contains(P + "proxy-read-timeout", annotations.Keys);
    }

    [Fact]
    public void The_users_annotations_win()
    {
        var annotations = IngressNginxRouting.Build(TestClusters.Create(spec => spec.Routing.Annotations = new Dictionary<string, string>
        {
            [P + "proxy-read-timeout"] = "7200",
            ["example.com/team"] = "chat",
        })).Metadata.Annotations;

        Assert.Equal("7200", annotations[P + "proxy-read-timeout"]);
        Assert.Equal("chat", annotations["example.com/team"]);
    }

    [Fact]
    public void Routes_only_the_socketio_path_of_the_host_to_the_service_with_tls()
    {
        var ingress = IngressNginxRouting.Build(TestClusters.Create(spec =>
        {
            spec.Routing.Host = "chat.example.com";
            spec.Routing.ClassName = "nginx";
            spec.Routing.Tls = new TlsSpec { SecretName = "chat-tls" };
        }));

        Assert.Equal("nginx", ingress.Spec.IngressClassName);
        var rule = Assert.Single(ingress.Spec.Rules);
        Assert.Equal("chat.example.com", rule.Host);
        var path = Assert.Single(rule.Http.Paths);
        Assert.Equal(("/socket.io/", "Prefix", "chat", "http"), (path.Path, path.PathType, path.Backend.Service.Name, path.Backend.Service.Port.Name));
        var tls = Assert.Single(ingress.Spec.Tls);
        Assert.Equal(["chat.example.com"], tls.Hosts);
        Assert.Equal("chat-tls", tls.SecretName);
    }
}
