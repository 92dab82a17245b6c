namespace Realtime.Operator.Tests.Api;

/// <summary>The OpenAPI constraints (types, enums, ranges, patterns, unknown fields) as the user reads them.</summary>
public sealed class FieldConstraintTests
{
    [Theory]
    [InlineData("  replicas: -1\n", "spec.replicas: must be from 0 to 1000, got -1")]
    [InlineData("  replicas: two\n", "spec.replicas: must be an integer")]
    [InlineData("  replicas: \"2\"\n", "spec.replicas: must be an integer")]
    [InlineData("  socketio:\n    pingIntervalMs: 10\n", "spec.socketio.pingIntervalMs: must be from 1000 to 3600000, got 10")]
    [InlineData("  socketio:\n    maxHttpBufferSize: 100\n", "spec.socketio.maxHttpBufferSize: must be from 1024 to 100000000, got 100")]
    [InlineData("  socketio:\n    path: socket.io\n", "spec.socketio.path: must be an absolute path of letters, digits, '-', '_' and '.' that starts and ends with '/', got \"socket.io\"")]
    [InlineData("  socketio:\n    transports: [polling, sse]\n", "spec.socketio.transports[1]: must be one of polling, websocket, got \"sse\"")]
    [InlineData("  socketio:\n    transports: []\n", "spec.socketio.transports: must have at least 1 item(s)")]
    [InlineData("  socketio:\n    transports: [websocket, websocket]\n", "spec.socketio.transports[1]: duplicate value \"websocket\"")]
    [InlineData("  socketio:\n    corsOrigins: ['*']\n", "spec.socketio.corsOrigins[0]: must be an origin scheme://host[:port] without a path or wildcard, got \"*\"")]
    [InlineData("  socketio:\n    connectionStateRecovery:\n      logMaxBytes: 1000\n", "spec.socketio.connectionStateRecovery.logMaxBytes: must be from 1048576 to 1073741824, got 1000")]
    [InlineData("  socketio:\n    connectionStateRecovery:\n      maxDisconnectionDurationMs: 0\n", "spec.socketio.connectionStateRecovery.maxDisconnectionDurationMs: must be from 1000 to 86400000, got 0")]
    [InlineData("  socketio:\n    connectionStateRecovery:\n      enabled: yes\n", "spec.socketio.connectionStateRecovery.enabled: must be true or false")]
    [InlineData("  redis:\n    mode: managed\n", "spec.redis.mode: must be one of Managed, External, None, got \"managed\"")]
    [InlineData("  redis:\n    shards: 17\n", "spec.redis.shards: must be from 1 to 16, got 17")]
    [InlineData("  redis:\n    persistence: yes\n", "spec.redis.persistence: must be true or false")]
    [InlineData("  routing:\n    host: Chat.Example.com\n", "spec.routing.host: must be a lower-case DNS host name such as chat.example.com (a leading '*.' is allowed), got \"Chat.Example.com\"")]
    [InlineData("  routing:\n    provider: Nginx\n", "spec.routing.provider: must be one of IngressNginx, GatewayAPI, Traefik, HAProxyIngress, None, got \"Nginx\"")]
    [InlineData("  routing:\n    sessionAffinity:\n      cookieName: 'my cookie'\n", "spec.routing.sessionAffinity.cookieName: must be a cookie name: letters, digits and !#$%&'*+.^_`|~- only, got \"my cookie\"")]
    [InlineData("  routing:\n    sessionAffinity:\n      maxAgeSeconds: 0\n", "spec.routing.sessionAffinity.maxAgeSeconds: must be from 1 to 31536000, got 0")]
    [InlineData("  routing:\n    tls: {}\n    host: a.example.com\n", "spec.routing.tls.secretName: is required")]
    [InlineData("  socketio:\n    apiTokenSecretRef:\n      name: Bad_Name\n", "spec.socketio.apiTokenSecretRef.name: must be a DNS subdomain: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit, got \"Bad_Name\"")]
    [InlineData("  drain:\n    terminationGracePeriodSeconds: 5\n", "spec.drain.terminationGracePeriodSeconds: must be from 10 to 3600, got 5")]
    [InlineData("  autoscaling:\n    targetCPUUtilizationPercentage: 150\n", "spec.autoscaling.targetCPUUtilizationPercentage: must be from 1 to 100, got 150")]
    [InlineData("  disruption:\n    maxUnavailable: 0\n", "spec.disruption.maxUnavailable: must be from 1 to 1000, got 0")]
    [InlineData("  image: ''\n", "spec.image: must not be empty")]
    [InlineData("  resources:\n    requests:\n      cpu: [1]\n", "spec.resources.requests.cpu: must be an integer or a string")]
    public void A_value_outside_its_constraint_is_rejected_with_its_path(string spec, string expected)
    {
        Assert.Equal(expected, Manifests.SingleError(Manifests.Cluster(spec)));
    }

    [Theory]
    [InlineData("  replica: 3\n", "spec.replica: unknown field \"replica\"")]
    [InlineData("  redis:\n    password: hunter2\n", "spec.redis.password: unknown field \"password\"")]
    [InlineData("  affinity:\n    podAntiAfinity: {}\n", "spec.affinity.podAntiAfinity: unknown field \"podAntiAfinity\"")]
    [InlineData("  routing: IngressNginx\n", "spec.routing: must be an object")]
    public void An_unknown_field_or_wrong_shape_is_rejected_with_its_path(string spec, string expected)
    {
        Assert.Equal(expected, Manifests.SingleError(Manifests.Cluster(spec)));
    }

    [Theory]
    [InlineData("Chat")]
    [InlineData("1chat")]
    [InlineData("chat.v2")]
    [InlineData("a-name-that-is-far-too-long-for-the-services-it-names")]
    public void A_name_that_cannot_name_services_is_rejected(string name)
    {
        Assert.Equal(
            $"metadata.name: must start with a letter, contain only lower-case letters, digits and '-', and be at most 50 characters: it names the Services and Deployments of the cluster, got \"{name}\"",
            Manifests.SingleError(Manifests.Cluster("  replicas: 1\n", name)));
    }

    [Fact]
    public void Explicit_nulls_are_dropped_and_defaulted_as_the_api_server_does()
    {
        var result = Manifests.Read(Manifests.Cluster("  redis:\n  replicas: ~\n"));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        var cluster = Assert.Single(result.Clusters);
        Assert.Equal(2, cluster.Spec.Replicas);
        Assert.Equal(Realtime.Operator.Api.RedisMode.Managed, cluster.Spec.Redis.Mode);
    }

    [Fact]
    public void A_cluster_without_a_spec_takes_every_default()
    {
        var result = Manifests.Read("apiVersion: realtime.dev/v1alpha1\nkind: RealtimeCluster\nmetadata:\n  name: chat\n");

        var spec = Assert.Single(result.Clusters).Spec;
        Assert.Equal(2, spec.Replicas);
        Assert.Equal("/socket.io/", spec.Socketio.Path);
        Assert.Equal(["polling", "websocket"], spec.Socketio.Transports);
        Assert.Equal("route", spec.Routing.SessionAffinity.CookieName);
        Assert.Equal(172800, spec.Routing.SessionAffinity.MaxAgeSeconds);
        Assert.Equal(60, spec.Drain.TerminationGracePeriodSeconds);
    }

    [Fact]
    public void Several_errors_are_all_reported()
    {
        var result = Manifests.Read(Manifests.Cluster("  replicas: -1\n  redis:\n    shards: 0\n"));

        Assert.Equal(["spec.replicas", "spec.redis.shards"], result.Errors.Select(e => e.FieldPath));
    }
}
