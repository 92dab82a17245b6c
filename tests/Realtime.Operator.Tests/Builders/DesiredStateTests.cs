using k8s;
using k8s.Models;
using Realtime.Operator.Api;
using Realtime.Operator.Builders;
using Realtime.Operator.Builders.Routing;

namespace Realtime.Operator.Tests.Builders;

public sealed class DesiredStateTests
{
    private static IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Build(Action<RealtimeClusterSpec>? change = null) =>
        DesiredState.Build(TestClusters.Create(change), TestClusters.Defaults, TestClusters.Password);

    private static string[] Kinds(IEnumerable<IKubernetesObject<V1ObjectMeta>> children) =>
        children.Select(child => $"{child.Kind}/{child.Metadata.Name}").ToArray();

    [Fact]
    public void A_default_cluster_has_redis_with_auth_the_server_and_an_nginx_ingress()
    {
        Assert.Equal(
        [
            "Secret/chat-redis-auth", "Deployment/chat-redis", "Service/chat-redis", "NetworkPolicy/chat-redis",
            "Service/chat", "Deployment/chat", "PodDisruptionBudget/chat", "Ingress/chat",
        ], Kinds(Build()));
    }

    [Fact]
    public void Every_child_is_controlled_by_the_cluster()
    {
        Assert.All(Build(spec => { spec.Autoscaling.Enabled = true; spec.Redis.Persistence = true; }), child =>
        {
            var owner = Assert.Single(child.Metadata.OwnerReferences);
            Assert.Equal(("realtime.dev/v1alpha1", "RealtimeCluster", "chat", TestClusters.Uid), (owner.ApiVersion, owner.Kind, owner.Name, owner.Uid));
            Assert.True(owner.Controller);
            Assert.True(owner.BlockOwnerDeletion);
            Assert.Equal("apps", child.Metadata.NamespaceProperty);
        });
    }

    [Fact]
    public void Every_child_has_the_standard_labels_from_the_cluster_name_and_none_of_its_own_labels()
    {
        Assert.All(Build(spec => spec.Autoscaling.Enabled = true), child =>
        {
            var labels = child.Metadata.Labels;
            Assert.Equal("chat", labels["app.kubernetes.io/instance"]);
            Assert.Equal("realtime-operator", labels["app.kubernetes.io/managed-by"]);
            Assert.Equal("realtime", labels["app.kubernetes.io/part-of"]);
            Assert.Contains("app.kubernetes.io/name", labels.Keys);
            Assert.Contains("app.kubernetes.io/component", labels.Keys);
            Assert.DoesNotContain("argocd.argoproj.io/instance", labels.Keys);
            Assert.NotEqual("team-a-apps", labels["app.kubernetes.io/instance"]);
        });
    }

    [Fact]
    public void A_cluster_without_a_uid_yields_children_without_owner_references()
    {
        var cluster = TestClusters.Create();
        cluster.Metadata.Uid = null;

        Assert.All(DesiredState.Build(cluster, TestClusters.Defaults, TestClusters.Password), child => Assert.Null(child.Metadata.OwnerReferences));
    }

    [Fact]
    public void Autoscaling_adds_an_hpa_and_persistence_a_claim_per_shard()
    {
        var kinds = Kinds(Build(spec => { spec.Autoscaling.Enabled = true; spec.Redis.Persistence = true; spec.Redis.Shards = 2; }));

        Assert.Contains("HorizontalPodAutoscaler/chat", kinds);
        Assert.Contains("PersistentVolumeClaim/chat-redis-0-data", kinds);
        Assert.Contains("PersistentVolumeClaim/chat-redis-1-data", kinds);
        Assert.Contains("Deployment/chat-redis-1", kinds);
    }

    [Fact]
    public void External_or_no_redis_creates_no_redis_objects_and_needs_no_password()
    {
        var external = TestClusters.Create(spec => { spec.Redis.Mode = RedisMode.External; spec.Redis.UrlSecretRef = new SecretKeySelector { Name = "r" }; });
        var none = TestClusters.Create(spec => { spec.Replicas = 1; spec.Redis.Mode = RedisMode.None; });

        Assert.False(DesiredState.NeedsRedisPassword(external));
        Assert.Equal(["Service/chat", "Deployment/chat", "PodDisruptionBudget/chat", "Ingress/chat"], Kinds(DesiredState.Build(external, TestClusters.Defaults, null)));
        Assert.Equal(["Service/chat", "Deployment/chat", "PodDisruptionBudget/chat", "Ingress/chat"], Kinds(DesiredState.Build(none, TestClusters.Defaults, null)));
    }

    [Fact]
    public void Managed_redis_without_auth_has_no_secret()
    {
        var cluster = TestClusters.Create(spec => spec.Redis.AuthEnabled = false);

        Assert.False(DesiredState.NeedsRedisPassword(cluster));
        Assert.DoesNotContain("Secret/chat-redis-auth", Kinds(DesiredState.Build(cluster, TestClusters.Defaults, null)));
    }

    [Fact]
    public void Managed_redis_with_auth_refuses_to_build_without_a_password()
    {
        Assert.Throws<ArgumentException>(() => DesiredState.Build(TestClusters.Create(), TestClusters.Defaults, null));
    }

    [Theory]
    [InlineData(RoutingProvider.IngressNginx, "Ingress")]
    [InlineData(RoutingProvider.Traefik, "Ingress")]
    [InlineData(RoutingProvider.HAProxyIngress, "Ingress")]
    [InlineData(RoutingProvider.GatewayAPI, "HTTPRoute")]
    public void Each_routing_provider_yields_its_routing_object(RoutingProvider provider, string kind)
    {
        var children = Build(spec =>
        {
            spec.Routing.Provider = provider;
            spec.Routing.ParentRefs = provider == RoutingProvider.GatewayAPI ? [new ParentReference { Name = "gw" }] : null;
        });

        Assert.Equal($"{kind}/chat", Kinds(children)[^1]);
        Assert.Equal("routing", children[^1].Metadata.Labels["app.kubernetes.io/component"]);
    }

    [Fact]
    public void Routing_none_yields_no_routing_object()
    {
        Assert.DoesNotContain(Build(spec => spec.Routing.Provider = RoutingProvider.None), child => child is V1Ingress or HttpRoute);
    }

    [Fact]
    public void The_same_input_builds_the_same_objects()
    {
        Assert.Equal(KubernetesYaml.SerializeAll(Build()), KubernetesYaml.SerializeAll(Build()));
    }
}
