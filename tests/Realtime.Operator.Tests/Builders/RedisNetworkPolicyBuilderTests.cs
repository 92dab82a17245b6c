using Realtime.Operator.Builders;

namespace Realtime.Operator.Tests.Builders;

public sealed class RedisNetworkPolicyBuilderTests
{
    [Fact]
    public void Admits_only_this_clusters_server_pods_to_the_redis_port()
    {
        var policy = RedisNetworkPolicyBuilder.Build(TestClusters.Create());

        Assert.Equal(["Ingress"], policy.Spec.PolicyTypes);
        Assert.Equal("redis", policy.Spec.PodSelector.MatchLabels["app.kubernetes.io/component"]);
        Assert.Equal("chat", policy.Spec.PodSelector.MatchLabels["app.kubernetes.io/instance"]);
        var rule = Assert.Single(policy.Spec.Ingress);
        var peer = Assert.Single(rule.FromProperty);
        Assert.Equal("server", peer.PodSelector.MatchLabels["app.kubernetes.io/component"]);
        Assert.Equal("chat", peer.PodSelector.MatchLabels["app.kubernetes.io/instance"]);
        Assert.Null(peer.NamespaceSelector);
        Assert.Equal("6379", Assert.Single(rule.Ports).Port.Value);
    }
}
