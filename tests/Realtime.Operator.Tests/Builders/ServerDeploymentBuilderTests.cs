using k8s.Models;
using Realtime.Operator.Api;
using Realtime.Operator.Builders;

namespace Realtime.Operator.Tests.Builders;

public sealed class ServerDeploymentBuilderTests
{
    private static V1Container Container(V1Deployment deployment) => Assert.Single(deployment.Spec.Template.Spec.Containers);

    private static string? Env(V1Deployment deployment, string name) => Container(deployment).Env.SingleOrDefault(e => e.Name == name)?.Value;

    [Fact]
    public void Probes_the_server_health_endpoints_on_the_http_port()
    {
        var container = Container(ServerDeploymentBuilder.Build(TestClusters.Create(), TestClusters.Defaults));

        Assert.Equal("/readyz", container.ReadinessProbe.HttpGet.Path);
        Assert.Equal("http", container.ReadinessProbe.HttpGet.Port.Value);
        Assert.Equal("/healthz", container.LivenessProbe.HttpGet.Path);
        Assert.Equal(5000, Assert.Single(container.Ports).ContainerPort);
    }

    [Fact]
    public void Drains_with_a_prestop_sleep_inside_the_grace_period()
    {
        var deployment = ServerDeploymentBuilder.Build(
            TestClusters.Create(spec => spec.Drain = new DrainSpec { TerminationGracePeriodSeconds = 90, PreStopDelaySeconds = 7 }),
            TestClusters.Defaults);

        Assert.Equal(90, deployment.Spec.Template.Spec.TerminationGracePeriodSeconds);
        Assert.Equal(7, Container(deployment).Lifecycle.PreStop.Sleep.Seconds);
        Assert.Equal("78", Env(deployment, "DRAIN_SECONDS"));
    }

    [Fact]
    public void Without_a_prestop_delay_there_is_no_lifecycle_hook()
    {
        var deployment = ServerDeploymentBuilder.Build(
            TestClusters.Create(spec => spec.Drain.PreStopDelaySeconds = 0), TestClusters.Defaults);

        Assert.Null(Container(deployment).Lifecycle);
    }

    [Fact]
    public void Rolls_out_one_extra_pod_at_a_time_without_losing_capacity()
    {
        var strategy = ServerDeploymentBuilder.Build(TestClusters.Create(), TestClusters.Defaults).Spec.Strategy;

        Assert.Equal("RollingUpdate", strategy.Type);
        Assert.Equal(1, int.Parse(strategy.RollingUpdate.MaxSurge.Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0, int.Parse(strategy.RollingUpdate.MaxUnavailable.Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Runs_restricted_non_root_read_only_without_capabilities()
    {
        var deployment = ServerDeploymentBuilder.Build(TestClusters.Create(), TestClusters.Defaults);
        var pod = deployment.Spec.Template.Spec;
        var container = Container(deployment);

        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.Equal("RuntimeDefault", pod.SecurityContext.SeccompProfile.Type);
        Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);
        Assert.False(container.SecurityContext.AllowPrivilegeEscalation);
        Assert.Equal(["ALL"], container.SecurityContext.Capabilities.Drop);
        Assert.False(pod.AutomountServiceAccountToken);
        Assert.Contains(container.VolumeMounts, mount => mount.MountPath == "/tmp");
    }

    [Fact]
    public void Passes_the_socketio_settings_as_the_environment_the_server_reads()
    {
        var deployment = ServerDeploymentBuilder.Build(TestClusters.Create(spec =>
        {
            spec.Socketio.Path = "/rt/";
            spec.Socketio.PingIntervalMs = 10000;
            spec.Socketio.PingTimeoutMs = 5000;
            spec.Socketio.MaxHttpBufferSize = 2048;
            spec.Socketio.MaxOutboundMessages = 64;
            spec.Socketio.MaxOutboundBytes = 131072;
            spec.Socketio.MaxBufferedBytes = 33554432;
            spec.Socketio.Transports = ["websocket"];
            spec.Socketio.CorsOrigins = ["https://a.example", "https://b.example"];
        }), TestClusters.Defaults);

        Assert.Equal("5000", Env(deployment, "PORT"));
        Assert.Equal("/rt/", Env(deployment, "SOCKETIO_PATH"));
        Assert.Equal("10000", Env(deployment, "PING_INTERVAL_MS"));
        Assert.Equal("5000", Env(deployment, "PING_TIMEOUT_MS"));
        Assert.Equal("2048", Env(deployment, "MAX_HTTP_BUFFER_SIZE"));
        Assert.Equal("64", Env(deployment, "MAX_OUTBOUND_MESSAGES"));
        Assert.Equal("131072", Env(deployment, "MAX_OUTBOUND_BYTES"));
        Assert.Equal("33554432", Env(deployment, "MAX_BUFFERED_BYTES"));
        Assert.Equal("websocket", Env(deployment, "TRANSPORTS"));
        Assert.Equal("https://a.example,https://b.example", Env(deployment, "CORS_ORIGINS"));
        Assert.Equal("metadata.name", Container(deployment).Env.Single(e => e.Name == "POD_NAME").ValueFrom.FieldRef.FieldPath);
    }

    [Fact]
    public void Connection_state_recovery_off_adds_no_variable()
    {
        var names = Container(ServerDeploymentBuilder.Build(TestClusters.Create(), TestClusters.Defaults)).Env.Select(e => e.Name);

        Assert.DoesNotContain(names, name => name.StartsWith("RECOVERY_", StringComparison.Ordinal) || name == "CONNECTION_STATE_RECOVERY");
    }

    [Fact]
    public void Connection_state_recovery_at_its_defaults_passes_the_servers_defaults()
    {
        var deployment = ServerDeploymentBuilder.Build(
            TestClusters.Create(spec => spec.Socketio.ConnectionStateRecovery.Enabled = true), TestClusters.Defaults);

        Assert.Equal("true", Env(deployment, "CONNECTION_STATE_RECOVERY"));
        Assert.Equal("120000", Env(deployment, "RECOVERY_MAX_DISCONNECTION_MS"));
        Assert.Equal("true", Env(deployment, "RECOVERY_SKIP_MIDDLEWARES"));
        Assert.Equal("67108864", Env(deployment, "RECOVERY_LOG_MAX_BYTES"));
    }

    [Fact]
    public void Connection_state_recovery_passes_each_setting()
    {
        var deployment = ServerDeploymentBuilder.Build(TestClusters.Create(spec => spec.Socketio.ConnectionStateRecovery = new()
        {
            Enabled = true, MaxDisconnectionDurationMs = 300_000, SkipMiddlewares = false, LogMaxBytes = 8 * 1024 * 1024,
        }), TestClusters.Defaults);

        Assert.Equal("300000", Env(deployment, "RECOVERY_MAX_DISCONNECTION_MS"));
        Assert.Equal("false", Env(deployment, "RECOVERY_SKIP_MIDDLEWARES"));
        Assert.Equal("8388608", Env(deployment, "RECOVERY_LOG_MAX_BYTES"));
    }

    [Fact]
    public void Without_cors_origins_sends_no_cors_variable()
    {
        Assert.Null(Env(ServerDeploymentBuilder.Build(TestClusters.Create(), TestClusters.Defaults), "CORS_ORIGINS"));
    }

    [Fact]
    public void Takes_the_redis_urls_and_api_token_from_secrets_never_inline()
    {
        var deployment = ServerDeploymentBuilder.Build(TestClusters.Create(spec =>
            spec.Socketio.ApiTokenSecretRef = new SecretKeySelector { Name = "publish" }), TestClusters.Defaults);
        var env = Container(deployment).Env;

        var redis = env.Single(e => e.Name == "REDIS_URLS");
        Assert.Null(redis.Value);
        Assert.Equal(("chat-redis-auth", "urls"), (redis.ValueFrom.SecretKeyRef.Name, redis.ValueFrom.SecretKeyRef.Key));
        var token = env.Single(e => e.Name == "API_TOKEN");
        Assert.Null(token.Value);
        Assert.Equal(("publish", "token"), (token.ValueFrom.SecretKeyRef.Name, token.ValueFrom.SecretKeyRef.Key));
    }

    [Fact]
    public void An_external_redis_url_comes_from_the_users_secret()
    {
        var deployment = ServerDeploymentBuilder.Build(TestClusters.Create(spec =>
        {
            spec.Redis.Mode = RedisMode.External;
            spec.Redis.UrlSecretRef = new SecretKeySelector { Name = "elasticache", Key = "primary" };
        }), TestClusters.Defaults);

        var redis = Container(deployment).Env.Single(e => e.Name == "REDIS_URLS");
        Assert.Equal(("elasticache", "primary"), (redis.ValueFrom.SecretKeyRef.Name, redis.ValueFrom.SecretKeyRef.Key));
    }

    [Fact]
    public void Without_redis_auth_the_urls_are_plain_and_without_redis_there_are_none()
    {
        var noAuth = ServerDeploymentBuilder.Build(TestClusters.Create(spec => spec.Redis.AuthEnabled = false), TestClusters.Defaults);
        var none = ServerDeploymentBuilder.Build(TestClusters.Create(spec => { spec.Replicas = 1; spec.Redis.Mode = RedisMode.None; }), TestClusters.Defaults);

        Assert.Equal("redis://chat-redis:6379", Env(noAuth, "REDIS_URLS"));
        Assert.DoesNotContain(Container(none).Env, e => e.Name.StartsWith("REDIS", StringComparison.Ordinal));
    }

    [Fact]
    public void Leaves_replicas_to_the_autoscaler_when_autoscaling_is_on()
    {
        var fixedSize = ServerDeploymentBuilder.Build(TestClusters.Create(spec => spec.Replicas = 3), TestClusters.Defaults);
        var autoscaled = ServerDeploymentBuilder.Build(TestClusters.Create(spec => { spec.Replicas = 3; spec.Autoscaling.Enabled = true; }), TestClusters.Defaults);

        Assert.Equal(3, fixedSize.Spec.Replicas);
        Assert.Null(autoscaled.Spec.Replicas);
    }

    [Fact]
    public void Uses_the_operators_image_unless_the_spec_names_one()
    {
        var defaulted = ServerDeploymentBuilder.Build(TestClusters.Create(), TestClusters.Defaults);
        var custom = ServerDeploymentBuilder.Build(TestClusters.Create(spec => { spec.Image = "registry.local/rt:1"; spec.ImagePullPolicy = ImagePullPolicy.Always; }), TestClusters.Defaults);

        Assert.Equal(TestClusters.Defaults.ServerImage, Container(defaulted).Image);
        Assert.Null(Container(defaulted).ImagePullPolicy);
        Assert.Equal("registry.local/rt:1", Container(custom).Image);
        Assert.Equal("Always", Container(custom).ImagePullPolicy);
    }

    [Fact]
    public void Spreads_pods_over_nodes_and_zones_by_default_without_blocking_scheduling()
    {
        var spread = ServerDeploymentBuilder.Build(TestClusters.Create(), TestClusters.Defaults).Spec.Template.Spec.TopologySpreadConstraints;

        Assert.Equal(["kubernetes.io/hostname", "topology.kubernetes.io/zone"], spread.Select(c => c.TopologyKey));
        Assert.All(spread, c => Assert.Equal("ScheduleAnyway", c.WhenUnsatisfiable));
        Assert.All(spread, c => Assert.Equal("server", c.LabelSelector.MatchLabels["app.kubernetes.io/component"]));
    }

    [Fact]
    public void Applies_the_users_placement_and_pod_annotations()
    {
        var deployment = ServerDeploymentBuilder.Build(TestClusters.Create(spec =>
        {
            spec.NodeSelector = new Dictionary<string, string> { ["pool"] = "realtime" };
            spec.Tolerations = [new V1Toleration { Key = "dedicated", OperatorProperty = "Exists" }];
            spec.TopologySpreadConstraints = [new V1TopologySpreadConstraint { MaxSkew = 2, TopologyKey = "zone", WhenUnsatisfiable = "DoNotSchedule" }];
            spec.PodAnnotations = new Dictionary<string, string> { ["prometheus.io/scrape"] = "true" };
        }), TestClusters.Defaults);
        var pod = deployment.Spec.Template;

        Assert.Equal("realtime", pod.Spec.NodeSelector["pool"]);
        Assert.Equal("dedicated", Assert.Single(pod.Spec.Tolerations).Key);
        Assert.Equal(2, Assert.Single(pod.Spec.TopologySpreadConstraints).MaxSkew);
        Assert.Equal("true", pod.Metadata.Annotations["prometheus.io/scrape"]);
    }

    [Fact]
    public void Pod_labels_are_the_selector_plus_the_common_labels_and_never_the_clusters_own()
    {
        var deployment = ServerDeploymentBuilder.Build(TestClusters.Create(), TestClusters.Defaults);

        Assert.All(deployment.Spec.Selector.MatchLabels, label => Assert.Equal(label.Value, deployment.Spec.Template.Metadata.Labels[label.Key]));
        Assert.Equal("chat", deployment.Spec.Template.Metadata.Labels["app.kubernetes.io/instance"]);
        Assert.DoesNotContain("argocd.argoproj.io/instance", deployment.Spec.Template.Metadata.Labels.Keys);
    }
}
