using k8s.Models;
using Realtime.Operator.Api;
using Realtime.Operator.Builders;
using Realtime.Operator.Builders.Routing;

namespace Realtime.Operator.Tests.Builders;

/// <summary>What the builders write for a team's own Socket.IO app instead of the bundled server.</summary>
public sealed class OwnAppBuilderTests
{
    private static RealtimeCluster Flask(Action<RealtimeClusterSpec>? change = null) => TestClusters.Create(spec =>
    {
        spec.Image = "registry.example.com/chat:1.0";
        spec.App.Preset = AppPreset.FlaskSocketIO;
        change?.Invoke(spec);
    });

    private static V1Container Container(RealtimeCluster cluster) =>
        ServerDeploymentBuilder.Build(cluster, TestClusters.Defaults).Spec.Template.Spec.Containers.Single();

    [Fact]
    public void A_flask_app_gets_its_port_one_redis_url_from_the_secret_and_tcp_probes()
    {
        var container = Container(Flask());

        Assert.Equal("registry.example.com/chat:1.0", container.Image);
        Assert.Equal(5000, Assert.Single(container.Ports).ContainerPort);
        Assert.Equal(["PORT", "POD_NAME", "REDIS_URL"], container.Env.Select(e => e.Name));
        Assert.Equal("5000", container.Env[0].Value);
        var url = container.Env.Single(e => e.Name == "REDIS_URL");
        Assert.Null(url.Value);
        Assert.Equal(("chat-redis-auth", RedisSecretBuilder.UrlsKey), (url.ValueFrom.SecretKeyRef.Name, url.ValueFrom.SecretKeyRef.Key));
        Assert.Equal("http", container.ReadinessProbe.TcpSocket.Port.Value);
        Assert.Null(container.ReadinessProbe.HttpGet);
        Assert.Equal("http", container.LivenessProbe.TcpSocket.Port.Value);
    }

    [Fact]
    public void The_single_url_of_one_managed_shard_is_exactly_one_redis_url_with_the_password()
    {
        var cluster = Flask();
        var secret = RedisSecretBuilder.Build(cluster, "p@ss/word");

        Assert.Equal("redis://:p%40ss%2Fword@chat-redis:6379", secret.StringData[RedisSecretBuilder.UrlsKey]);
    }

    [Fact]
    public void A_node_app_listens_on_3000_and_an_http_probe_asks_its_path_on_the_app_port()
    {
        var container = Container(TestClusters.Create(spec =>
        {
            spec.Image = "node-chat:1";
            spec.App.Preset = AppPreset.NodeSocketIO;
            spec.App.ReadinessProbe = new AppProbeSpec { Type = ProbeType.HTTP, Path = "/healthz" };
        }));

        Assert.Equal(3000, Assert.Single(container.Ports).ContainerPort);
        Assert.Equal("3000", container.Env.Single(e => e.Name == "PORT").Value);
        Assert.Equal(("/healthz", "http"), (container.ReadinessProbe.HttpGet.Path, container.ReadinessProbe.HttpGet.Port.Value));
        Assert.NotNull(container.LivenessProbe.TcpSocket);
    }

    [Fact]
    public void A_custom_app_gets_command_args_env_from_pull_secrets_and_its_service_account()
    {
        var deployment = ServerDeploymentBuilder.Build(TestClusters.Create(spec =>
        {
            spec.Image = "chat:1";
            spec.App.Preset = AppPreset.Custom;
            spec.App.Port = 8000;
            spec.App.BackplaneEnv = "MESSAGE_QUEUE";
            spec.App.Command = ["gunicorn"];
            spec.App.Args = ["-k", "eventlet", "-w", "1", "app:app"];
            spec.App.EnvFrom = [new V1EnvFromSource { ConfigMapRef = new V1ConfigMapEnvSource { Name = "chat-config" } }];
            spec.App.ImagePullSecrets = [new V1LocalObjectReference { Name = "registry" }];
            spec.App.ServiceAccountName = "chat";
        }), TestClusters.Defaults);
        var pod = deployment.Spec.Template.Spec;
        var container = pod.Containers.Single();

        Assert.Equal(["gunicorn"], container.Command);
        Assert.Equal(["-k", "eventlet", "-w", "1", "app:app"], container.Args);
        Assert.Equal("chat-config", Assert.Single(container.EnvFrom).ConfigMapRef.Name);
        Assert.Equal("registry", Assert.Single(pod.ImagePullSecrets).Name);
        Assert.Equal("chat", pod.ServiceAccountName);
        Assert.Null(pod.AutomountServiceAccountToken);
        Assert.Equal(8000, container.Ports.Single().ContainerPort);
        Assert.Contains(container.Env, e => e.Name == "MESSAGE_QUEUE" && e.ValueFrom.SecretKeyRef.Key == RedisSecretBuilder.UrlsKey);
        Assert.DoesNotContain(container.Env, e => e.Name is "REDIS_URL" or "REDIS_URLS");
    }

    [Fact]
    public void User_variables_come_after_ours_and_replace_one_of_the_same_name()
    {
        var container = Container(Flask(spec => spec.App.Env =
        [
            new V1EnvVar { Name = "CELERY_BROKER_URL", Value = "$(REDIS_URL)" },
            new V1EnvVar { Name = "PORT", Value = "5001" },
        ]));

        Assert.Equal(["POD_NAME", "REDIS_URL", "CELERY_BROKER_URL", "PORT"], container.Env.Select(e => e.Name));
        Assert.Equal("5001", container.Env.Single(e => e.Name == "PORT").Value);
    }

    [Fact]
    public void The_bundled_server_keeps_its_settings_probes_and_no_service_account_token()
    {
        var deployment = ServerDeploymentBuilder.Build(TestClusters.Create(), TestClusters.Defaults);
        var container = deployment.Spec.Template.Spec.Containers.Single();

        Assert.Contains(container.Env, e => e.Name == "REDIS_URLS");
        Assert.Contains(container.Env, e => e.Name == "SOCKETIO_PATH");
        Assert.Equal("/readyz", container.ReadinessProbe.HttpGet.Path);
        Assert.Equal("/healthz", container.LivenessProbe.HttpGet.Path);
        Assert.False(deployment.Spec.Template.Spec.AutomountServiceAccountToken);
        Assert.Null(container.Command);
    }

    [Fact]
    public void A_flask_app_has_its_pages_routed_with_the_socketio_path_under_the_same_affinity()
    {
        var ingress = IngressNginxRouting.Build(Flask());

        Assert.Equal(["/socket.io/", "/"], ingress.Spec.Rules.Single().Http.Paths.Select(p => p.Path));
        Assert.Equal("cookie", ingress.Metadata.Annotations[IngressNginxRouting.Prefix + "affinity"]);
    }

    [Fact]
    public void The_http_route_matches_every_path_in_the_rule_that_carries_session_persistence()
    {
        var route = GatewayApiRouting.Build(Flask(spec =>
        {
            spec.Routing.Provider = RoutingProvider.GatewayAPI;
            spec.Routing.ParentRefs = [new ParentReference { Name = "gw" }];
            spec.App.Paths = ["/", "/static/"];
        }));

        var rule = Assert.Single(route.Spec.Rules);
        Assert.Equal(["/socket.io/", "/", "/static/"], rule.Matches.Select(m => m.Path.Value));
        Assert.NotNull(rule.SessionPersistence);
    }

    [Fact]
    public void An_empty_paths_list_routes_only_the_socketio_path()
    {
        var ingress = IngressNginxRouting.Build(Flask(spec => spec.App.Paths = []));

        Assert.Equal(["/socket.io/"], ingress.Spec.Rules.Single().Http.Paths.Select(p => p.Path));
    }

    [Fact]
    public void The_network_policy_admits_the_named_emitter_pods_besides_the_server_pods()
    {
        var policy = RedisNetworkPolicyBuilder.Build(Flask(spec => spec.Redis.ClientPodSelector =
            new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["role"] = "emitter" } }));

        var peers = Assert.Single(policy.Spec.Ingress).FromProperty;
        Assert.Equal(2, peers.Count);
        Assert.Equal("server", peers[0].PodSelector.MatchLabels["app.kubernetes.io/component"]);
        Assert.Equal("emitter", peers[1].PodSelector.MatchLabels["role"]);
        Assert.Null(peers[1].NamespaceSelector);
    }
}
