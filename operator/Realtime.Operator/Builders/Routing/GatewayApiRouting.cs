using System.Globalization;
using System.Text;
using Realtime.Operator.Api;

namespace Realtime.Operator.Builders.Routing;

/// <summary>
/// A Gateway API HTTPRoute. Cookie persistence uses <c>sessionPersistence</c>, which is in the experimental
/// channel only (GEP-1619) and implemented by few gateways: check yours before relying on it.
/// </summary>
internal static class GatewayApiRouting
{
    public static HttpRoute Build(RealtimeCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var routing = cluster.Spec.Routing;
        var affinity = routing.SessionAffinity;
        return new HttpRoute
        {
            Metadata = ChildMetadata.For(cluster, ChildNames.Server(cluster), ChildLabels.RoutingComponent,
                RoutingIngress.MergeUserAnnotations(new Dictionary<string, string>(), routing.Annotations)),
            Spec = new HttpRouteSpec
            {
                ParentRefs = (routing.ParentRefs ?? []).Select(parent => new HttpRouteParentReference
                {
                    Group = parent.Group,
                    Kind = parent.Kind,
                    Namespace = parent.Namespace,
                    Name = parent.Name,
                    SectionName = parent.SectionName,
                    Port = parent.Port,
                }).ToList(),
                Hostnames = routing.Host is { } host ? [host] : null,
                Rules =
                [
                    new HttpRouteRule
                    {
                        // One rule for every path, so its session persistence pins the pages and the Socket.IO session alike.
                        Matches = RoutedPaths.Of(cluster)
                            .Select(path => new HttpRouteMatch { Path = new HttpPathMatch { Type = "PathPrefix", Value = path } })
                            .ToList(),
                        BackendRefs = [new HttpBackendReference { Name = ChildNames.Server(cluster), Port = ServerServiceBuilder.Port }],
                        SessionPersistence = affinity.Enabled
                            ? new HttpSessionPersistence
                            {
                                SessionName = affinity.CookieName,
                                Type = "Cookie",
                                AbsoluteTimeout = Duration(affinity.MaxAgeSeconds),
                                CookieConfig = new HttpCookieConfig { LifetimeType = "Permanent" },
                            }
                            : null,
                    },
                ],
            },
        };
    }

    /// <summary>A Gateway API duration: at most five digits per unit, so 172800 s is written 48h.</summary>
    public static string Duration(int seconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(seconds);
        var text = new StringBuilder();
        var hours = seconds / 3600;
        var minutes = seconds % 3600 / 60;
        var rest = seconds % 60;
        if (hours > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{hours}h");
        }

        if (minutes > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{minutes}m");
        }

        if (rest > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{rest}s");
        }

        return text.ToString();
    }
}
