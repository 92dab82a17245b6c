using Realtime.Operator.Api;
using Realtime.Operator.Builders;

namespace Realtime.Operator.Tests.Builders;

/// <summary>RealtimeClusters for builder tests: defaults everywhere unless a test changes the spec.</summary>
internal static class TestClusters
{
    public const string Uid = "6f1c2d34-0000-4000-8000-000000000001";
    public const string Password = "test-redis-password";

    public static readonly OperatorDefaults Defaults = new("ghcr.io/realtime-dev/realtime-server:9.9.9");

    public static RealtimeCluster Create(Action<RealtimeClusterSpec>? change = null, string name = "chat")
    {
        var cluster = new RealtimeCluster
        {
            Metadata = new k8s.Models.V1ObjectMeta
            {
                Name = name,
                NamespaceProperty = "apps",
                Uid = Uid,
                Labels = new Dictionary<string, string> { ["argocd.argoproj.io/instance"] = "team-a", ["app.kubernetes.io/instance"] = "team-a-apps" },
            },
        };
        change?.Invoke(cluster.Spec);
        return cluster;
    }
}
