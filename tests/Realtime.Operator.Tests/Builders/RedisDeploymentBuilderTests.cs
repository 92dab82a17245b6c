using Realtime.Operator.Builders;

namespace Realtime.Operator.Tests.Builders;

public sealed class RedisDeploymentBuilderTests
{
    [Fact]
    public void Runs_one_master_replaced_by_recreate_so_two_never_serve_at_once()
    {
        var deployment = RedisDeploymentBuilder.Build(TestClusters.Create(), 0);

        Assert.Equal("chat-redis", deployment.Metadata.Name);
        Assert.Equal(1, deployment.Spec.Replicas);
        Assert.Equal("Recreate", deployment.Spec.Strategy.Type);
        Assert.Equal(RedisSpecImage, Assert.Single(deployment.Spec.Template.Spec.Containers).Image);
    }

    [Fact]
    public void Without_persistence_saves_nothing_to_disk()
    {
        var args = Assert.Single(RedisDeploymentBuilder.Build(TestClusters.Create(), 0).Spec.Template.Spec.Containers).Args;

        Assert.Equal("", args[args.IndexOf("--save") + 1]);
        Assert.Equal("no", args[args.IndexOf("--appendonly") + 1]);
        Assert.NotNull(Assert.Single(RedisDeploymentBuilder.Build(TestClusters.Create(), 0).Spec.Template.Spec.Volumes, v => v.Name == "data").EmptyDir);
    }

    [Fact]
    public void With_persistence_appends_to_a_claimed_volume()
    {
        var cluster = TestClusters.Create(spec => spec.Redis.Persistence = true);
        var deployment = RedisDeploymentBuilder.Build(cluster, 0);
        var args = Assert.Single(deployment.Spec.Template.Spec.Containers).Args;

        Assert.Equal("yes", args[args.IndexOf("--appendonly") + 1]);
        Assert.Equal("chat-redis-data", Assert.Single(deployment.Spec.Template.Spec.Volumes, v => v.Name == "data").PersistentVolumeClaim.ClaimName);
        Assert.Equal("chat-redis-data", RedisDataClaimBuilder.Build(cluster, 0).Metadata.Name);
    }

    [Fact]
    public void Reads_the_password_from_a_config_file_mounted_from_the_secret_never_from_its_arguments()
    {
        var pod = RedisDeploymentBuilder.Build(TestClusters.Create(), 0).Spec.Template.Spec;
        var container = Assert.Single(pod.Containers);

        Assert.Equal(RedisServerArguments.AuthConfigPath, container.Args[0]);
        Assert.DoesNotContain("--requirepass", container.Args);
        Assert.Null(container.Env);
        var mount = Assert.Single(container.VolumeMounts, m => m.MountPath == RedisServerArguments.AuthConfigDirectory);
        Assert.True(mount.ReadOnlyProperty);
        var volume = Assert.Single(pod.Volumes, v => v.Name == mount.Name);
        Assert.Equal("chat-redis-auth", volume.Secret.SecretName);
        Assert.Equal([RedisServerArguments.AuthConfigKey], volume.Secret.Items.Select(item => item.Key));
        Assert.Equal(Convert.ToInt32("440", 8), volume.Secret.DefaultMode);
    }

    [Fact]
    public void Without_auth_turns_protected_mode_off_so_server_pods_can_connect()
    {
        var container = Assert.Single(RedisDeploymentBuilder.Build(TestClusters.Create(spec => spec.Redis.AuthEnabled = false), 0).Spec.Template.Spec.Containers);

        Assert.DoesNotContain(RedisServerArguments.AuthConfigPath, container.Args);
        Assert.Equal("no", container.Args[container.Args.IndexOf("--protected-mode") + 1]);
        Assert.DoesNotContain(container.VolumeMounts, m => m.MountPath == RedisServerArguments.AuthConfigDirectory);
    }

    [Fact]
    public void Renames_the_dangerous_commands_to_nothing()
    {
        var args = Assert.Single(RedisDeploymentBuilder.Build(TestClusters.Create(), 0).Spec.Template.Spec.Containers).Args;

        foreach (var command in new[] { "FLUSHALL", "FLUSHDB", "CONFIG", "DEBUG", "MODULE", "REPLICAOF" })
        {
            var at = args.IndexOf(command);
            Assert.Equal("--rename-command", args[at - 1]);
            Assert.Equal("", args[at + 1]);
        }
    }

    [Fact]
    public void Gives_each_shard_its_own_deployment_service_and_selector()
    {
        var cluster = TestClusters.Create(spec => spec.Redis.Shards = 2);
        var first = RedisDeploymentBuilder.Build(cluster, 0);
        var second = RedisDeploymentBuilder.Build(cluster, 1);
        var secondService = RedisServiceBuilder.Build(cluster, 1);

        Assert.Equal(("chat-redis-0", "chat-redis-1"), (first.Metadata.Name, second.Metadata.Name));
        Assert.NotEqual(first.Spec.Selector.MatchLabels["realtime.dev/redis-shard"], second.Spec.Selector.MatchLabels["realtime.dev/redis-shard"]);
        Assert.Equal(second.Spec.Selector.MatchLabels, secondService.Spec.Selector);
        Assert.Equal(6379, Assert.Single(secondService.Spec.Ports).Port);
    }

    [Fact]
    public void Runs_as_the_non_root_redis_user_with_a_read_only_root()
    {
        var pod = RedisDeploymentBuilder.Build(TestClusters.Create(), 0).Spec.Template.Spec;

        Assert.Equal(999, pod.SecurityContext.RunAsUser);
        Assert.True(Assert.Single(pod.Containers).SecurityContext.ReadOnlyRootFilesystem);
        Assert.False(pod.AutomountServiceAccountToken);
    }

    private const string RedisSpecImage = Realtime.Operator.Api.RedisSpec.DefaultImage;
}
