using Realtime.Operator.Api;

namespace Realtime.Operator.Builders.Routing;

/// <summary>The paths the routing sends to the pods: the Socket.IO path, then the app's own (its pages, for example).</summary>
internal static class RoutedPaths
{
    public static IReadOnlyList<string> Of(RealtimeCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        return new[] { cluster.Spec.Socketio.Path }.Concat(AppProfile.For(cluster).ExtraPaths).Distinct(StringComparer.Ordinal).ToList();
    }
}
