using k8s;
using k8s.Models;

namespace Realtime.Operator.Builders.Routing;

// KubernetesClient ships no Gateway API types: this is the subset of gateway.networking.k8s.io/v1 HTTPRoute the
// operator writes. Property names serialize camelCase, as the Gateway API spells them.

/// <summary>A Gateway API HTTPRoute.</summary>
[KubernetesEntity(Group = Group, ApiVersion = Version, Kind = KindName, PluralName = Plural)]
internal sealed class HttpRoute : IKubernetesObject<V1ObjectMeta>, ISpec<HttpRouteSpec>
{
    public const string Group = "gateway.networking.k8s.io";
    public const string Version = "v1";
    public const string KindName = "HTTPRoute";
    public const string Plural = "httproutes";

    public string ApiVersion { get; set; } = $"{Group}/{Version}";

    public string Kind { get; set; } = KindName;

    public V1ObjectMeta Metadata { get; set; } = new();

    public HttpRouteSpec Spec { get; set; } = new();
}

internal sealed class HttpRouteSpec
{
    public List<HttpRouteParentReference> ParentRefs { get; set; } = [];

    public List<string>? Hostnames { get; set; }

    public List<HttpRouteRule> Rules { get; set; } = [];
}

internal sealed class HttpRouteParentReference
{
    public string? Group { get; set; }

    public string? Kind { get; set; }

    public string? Namespace { get; set; }

    public string Name { get; set; } = "";

    public string? SectionName { get; set; }

    public int? Port { get; set; }
}

internal sealed class HttpRouteRule
{
    public List<HttpRouteMatch> Matches { get; set; } = [];

    public List<HttpBackendReference> BackendRefs { get; set; } = [];

    public HttpSessionPersistence? SessionPersistence { get; set; }
}

internal sealed class HttpRouteMatch
{
    public HttpPathMatch Path { get; set; } = new();
}

internal sealed class HttpPathMatch
{
    public string Type { get; set; } = "PathPrefix";

    public string Value { get; set; } = "/";
}

internal sealed class HttpBackendReference
{
    public string Name { get; set; } = "";

    public int Port { get; set; }
}

/// <summary>GEP-1619 session persistence (experimental channel, v1.1 to v1.6 shape).</summary>
internal sealed class HttpSessionPersistence
{
    public string? SessionName { get; set; }

    public string Type { get; set; } = "Cookie";

    public string? AbsoluteTimeout { get; set; }

    public HttpCookieConfig? CookieConfig { get; set; }
}

internal sealed class HttpCookieConfig
{
    public string LifetimeType { get; set; } = "Session";
}
