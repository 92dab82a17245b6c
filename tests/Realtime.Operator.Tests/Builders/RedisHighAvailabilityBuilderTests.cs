using k8s;
using k8s.Models;
using Realtime.Operator.Api;
using Realtime.Operator.Builders;

namespace Realtime.Operator.Tests.Builders;

/// <summary>The children of a high-availability shard: StatefulSet, its Services, PDB, NetworkPolicy, Secret and URLs.</summary>
public sealed class RedisHighAvailabilityBuilderTests
{
    private static RealtimeCluster HighlyAvailable(Action<RealtimeClusterSpec>? change = null) => TestClusters.Create(spec =>
    {
        spec.Redis.HighAvailability.Enabled = true;
        change?.Invoke(spec);
    });

    [Fact]
    public void Each_shard_is_a_statefulset_of_three_redis_and_sentinel_pods_started_in_parallel()
    {
        var statefulSet = RedisStatefulSetBuilder.Build(HighlyAvailable(), 0);

        Assert.Equal("chat-redis", statefulSet.Metadata.Name);
        Assert.Equal(3, statefulSet.Spec.Replicas);
        Assert.Equal("Parallel", statefulSet.Spec.PodManagementPolicy);
        Assert.Equal("chat-redis-headless", statefulSet.Spec.ServiceName);
        Assert.Equal(["redis", "sentinel"], statefulSet.Spec.Template.Spec.Containers.Select(c => c.Name));
        Assert.Null(statefulSet.Spec.VolumeClaimTemplates);
    }

    [Fact]
    public void No_password_is_in_any_argument_command_or_environment_value_of_the_redis_pods()
    {
        var cluster = HighlyAvailable(spec => spec.Redis.Shards = 2);
        var children = DesiredState.Build(cluster, TestClusters.Defaults, TestClusters.Password);
        var pods = children.OfType<V1StatefulSet>().Select(s => s.Spec.Template.Spec).ToList();

        Assert.Equal(2, pods.Count);
        foreach (var container in pods.SelectMany(pod => pod.Containers))
        {
            var exposed = (container.Command ?? []).Concat(container.Args ?? []).Concat((container.Env ?? []).Select(e => e.Value ?? ""))
                .Concat(container.ReadinessProbe?.Exec?.Command ?? []);
            Assert.DoesNotContain(exposed, text => text.Contains(TestClusters.Password, StringComparison.Ordinal));
            Assert.All(container.Env ?? [], e => Assert.Null(e.ValueFrom?.SecretKeyRef));
            Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);
            Assert.True(container.SecurityContext.RunAsNonRoot);
        }

        Assert.All(pods, pod => Assert.Equal(RedisDeploymentBuilder.RedisUserId, pod.SecurityContext.RunAsUser));
        Assert.DoesNotContain(KubernetesYaml.Serialize(children.OfType<V1ConfigMap>().Single()), TestClusters.Password, StringComparison.Ordinal);
    }

    [Fact]
    public void The_password_reaches_redis_and_sentinel_as_files_from_the_secret_and_sentinel_writes_its_config_on_an_empty_dir()
    {
        var cluster = HighlyAvailable();
        var pod = RedisStatefulSetBuilder.Build(cluster, 0).Spec.Template.Spec;
        var secret = RedisSecretBuilder.Build(cluster, "pa\"ss");

        var auth = Assert.Single(pod.Volumes, v => v.Secret is not null).Secret;
        Assert.Equal("chat-redis-auth", auth.SecretName);
        Assert.Equal(["auth.conf", "password", "password.quoted"], auth.Items.Select(item => item.Key));
        Assert.Equal(Convert.ToInt32("440", 8), auth.DefaultMode);
        Assert.Equal("requirepass \"pa\\\"ss\"\nmasterauth \"pa\\\"ss\"\n", secret.StringData["auth.conf"]);
        Assert.Equal("\"pa\\\"ss\"", secret.StringData["password.quoted"]);
        var sentinel = Assert.Single(pod.Containers, c => c.Name == "sentinel");
        var writable = Assert.Single(sentinel.VolumeMounts, m => m.ReadOnlyProperty != true);
        Assert.NotNull(Assert.Single(pod.Volumes, v => v.Name == writable.Name).EmptyDir);
        Assert.Equal("/sentinel", writable.MountPath);
    }

    [Fact]
    public void Sentinel_keeps_the_commands_it_fails_over_with_and_the_rest_stay_renamed_away()
    {
        var args = RedisServerArguments.Build(HighlyAvailable().Spec.Redis);
        var renamed = args.Select((arg, i) => (arg, i)).Where(a => a.arg == "--rename-command").Select(a => args[a.i + 1]).ToList();

        Assert.Equal(["FLUSHALL", "FLUSHDB", "DEBUG", "MODULE", "MIGRATE"], renamed);
        Assert.Equal(RedisServerArguments.AuthConfigPath, args[0]);
    }

    [Fact]
    public void Members_are_spread_over_nodes_strictly_and_over_zones_as_far_as_possible_and_prefer_apart()
    {
        var pod = RedisStatefulSetBuilder.Build(HighlyAvailable(spec => spec.Redis.Shards = 2), 1).Spec.Template.Spec;

        var byKey = pod.TopologySpreadConstraints.ToDictionary(c => c.TopologyKey);
        Assert.Equal(("DoNotSchedule", 1), (byKey["kubernetes.io/hostname"].WhenUnsatisfiable, byKey["kubernetes.io/hostname"].MaxSkew));
        Assert.Equal(("ScheduleAnyway", 1), (byKey["topology.kubernetes.io/zone"].WhenUnsatisfiable, byKey["topology.kubernetes.io/zone"].MaxSkew));
        Assert.All(pod.TopologySpreadConstraints, c => Assert.Equal("1", c.LabelSelector.MatchLabels[ChildLabels.RedisShard]));
        var apart = Assert.Single(pod.Affinity.PodAntiAffinity.PreferredDuringSchedulingIgnoredDuringExecution);
        Assert.Equal("kubernetes.io/hostname", apart.PodAffinityTerm.TopologyKey);
        Assert.Equal("1", apart.PodAffinityTerm.LabelSelector.MatchLabels[ChildLabels.RedisShard]);
    }

    [Fact]
    public void With_persistence_each_member_claims_its_own_volume()
    {
        var statefulSet = RedisStatefulSetBuilder.Build(HighlyAvailable(spec => spec.Redis.Persistence = true), 0);

        var claim = Assert.Single(statefulSet.Spec.VolumeClaimTemplates);
        Assert.Equal("data", claim.Metadata.Name);
        Assert.DoesNotContain(statefulSet.Spec.Template.Spec.Volumes, v => v.Name == "data");
        Assert.DoesNotContain(DesiredState.Build(HighlyAvailable(spec => spec.Redis.Persistence = true), TestClusters.Defaults, TestClusters.Password), c => c is V1PersistentVolumeClaim);
    }

    [Fact]
    public void The_sentinel_settings_reach_the_start_scripts()
    {
        var cluster = HighlyAvailable(spec =>
        {
            spec.Redis.HighAvailability.Replicas = 5;
            spec.Redis.HighAvailability.Sentinel.Quorum = 3;
            spec.Redis.HighAvailability.Sentinel.DownAfterMilliseconds = 2000;
            spec.Redis.HighAvailability.Sentinel.FailoverTimeoutMilliseconds = 9000;
        });
        var env = Assert.Single(RedisStatefulSetBuilder.Build(cluster, 0).Spec.Template.Spec.Containers, c => c.Name == "sentinel").Env
            .Where(e => e.Value is not null).ToDictionary(e => e.Name, e => e.Value);

        Assert.Equal("5", env["MEMBERS"]);
        Assert.Equal("3", env["SENTINEL_QUORUM"]);
        Assert.Equal("2000", env["SENTINEL_DOWN_AFTER_MILLISECONDS"]);
        Assert.Equal("9000", env["SENTINEL_FAILOVER_TIMEOUT_MILLISECONDS"]);
        Assert.Equal("chat-redis", env["MASTER_NAME"]);
        Assert.Equal("chat-redis-headless.$(POD_NAMESPACE).svc", env["MEMBER_DOMAIN"]);
    }

    [Fact]
    public void A_disruption_budget_per_shard_lets_one_redis_pod_go_at_a_time()
    {
        var budgets = DesiredState.Build(HighlyAvailable(spec => spec.Redis.Shards = 2), TestClusters.Defaults, TestClusters.Password)
            .OfType<V1PodDisruptionBudget>().Where(b => b.Metadata.Name.StartsWith("chat-redis", StringComparison.Ordinal)).ToList();

        Assert.Equal(["chat-redis-0", "chat-redis-1"], budgets.Select(b => b.Metadata.Name));
        Assert.All(budgets, b => Assert.Equal("1", b.Spec.MaxUnavailable.Value));
        Assert.Equal(["0", "1"], budgets.Select(b => b.Spec.Selector.MatchLabels[ChildLabels.RedisShard]));
    }

    [Fact]
    public void The_headless_service_publishes_members_before_they_are_ready_and_the_sentinel_service_has_only_sentinels()
    {
        var members = RedisMembersServiceBuilder.Build(HighlyAvailable(), 0);
        var sentinels = RedisSentinelServiceBuilder.Build(HighlyAvailable(), 0);

        Assert.Equal(("chat-redis-headless", "None", true), (members.Metadata.Name, members.Spec.ClusterIP, members.Spec.PublishNotReadyAddresses));
        Assert.Equal([6379, 26379], members.Spec.Ports.Select(p => p.Port));
        Assert.Equal("chat-redis-sentinel", sentinels.Metadata.Name);
        Assert.Equal(26379, Assert.Single(sentinels.Spec.Ports).Port);
    }

    [Fact]
    public void The_network_policy_opens_the_sentinel_port_to_the_server_and_client_pods_and_between_redis_pods()
    {
        var policy = RedisNetworkPolicyBuilder.Build(HighlyAvailable(spec =>
            spec.Redis.ClientPodSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["role"] = "emitter" } }));

        Assert.Equal(2, policy.Spec.Ingress.Count);
        Assert.All(policy.Spec.Ingress, rule => Assert.Equal(["6379", "26379"], rule.Ports.Select(p => p.Port.Value)));
        var clients = policy.Spec.Ingress[0].FromProperty.Select(peer => peer.PodSelector.MatchLabels).ToList();
        Assert.Equal("server", clients[0][ChildLabels.Component]);
        Assert.Equal("emitter", clients[1]["role"]);
        Assert.Equal("redis", Assert.Single(policy.Spec.Ingress[1].FromProperty).PodSelector.MatchLabels[ChildLabels.Component]);
        Assert.Equal("6379", Assert.Single(Assert.Single(RedisNetworkPolicyBuilder.Build(TestClusters.Create()).Spec.Ingress).Ports).Port.Value);
    }

    [Fact]
    public void The_server_pods_get_one_sentinel_url_per_shard_from_the_secret()
    {
        var cluster = HighlyAvailable(spec => spec.Redis.Shards = 2);
        var children = DesiredState.Build(cluster, TestClusters.Defaults, "p@ss/word");
        var server = children.OfType<V1Deployment>().Single(d => d.Metadata.Name == "chat");
        var urls = Assert.Single(server.Spec.Template.Spec.Containers[0].Env, e => e.Name == "REDIS_URLS");

        Assert.Null(urls.Value);
        Assert.Equal(("chat-redis-auth", "urls"), (urls.ValueFrom.SecretKeyRef.Name, urls.ValueFrom.SecretKeyRef.Key));
        Assert.Equal(
            "redis+sentinel://:p%40ss%2Fword@chat-redis-0-0.chat-redis-0-headless:26379,chat-redis-0-1.chat-redis-0-headless:26379,chat-redis-0-2.chat-redis-0-headless:26379/0/chat-redis-0,"
            + "redis+sentinel://:p%40ss%2Fword@chat-redis-1-0.chat-redis-1-headless:26379,chat-redis-1-1.chat-redis-1-headless:26379,chat-redis-1-2.chat-redis-1-headless:26379/0/chat-redis-1",
            children.OfType<V1Secret>().Single().StringData["urls"]);
        Assert.DoesNotContain(children, c => c is V1Deployment { Metadata.Name: "chat-redis" });
    }

    [Fact]
    public void A_new_version_of_the_scripts_rolls_the_redis_pods()
    {
        var template = RedisStatefulSetBuilder.Build(HighlyAvailable(), 0).Spec.Template;

        Assert.Equal(RedisScripts.Digest, template.Metadata.Annotations[RedisStatefulSetBuilder.ScriptsDigestAnnotation]);
        Assert.Equal(RedisScripts.Files, RedisScriptsConfigMapBuilder.Build(HighlyAvailable()).Data);
        Assert.Contains("sentinel resolve-hostnames yes", RedisScripts.Files["sentinel.conf"], StringComparison.Ordinal);
    }
}
