using Realtime.Operator.Api.Validation;

namespace Realtime.Operator.Tests.Api;

/// <summary>One case per cross-field rule: a spec that breaks it, and exactly what the user reads.</summary>
public sealed class CrossFieldRuleTests
{
    public static TheoryData<string, string, string> Violations => new()
    {
        {
            "  replicas: 3\n  redis:\n    mode: None\n", "chat",
            "spec.redis.mode: more than one replica needs a Redis backplane so that broadcasts reach clients on every pod: set redis.mode to Managed or External, or replicas to 1"
        },
        {
            "  replicas: 1\n  redis:\n    mode: None\n  autoscaling:\n    enabled: true\n    minReplicas: 1\n    maxReplicas: 4\n", "chat",
            "spec.redis.mode: autoscaling beyond one replica needs a Redis backplane so that broadcasts reach clients on every pod: set redis.mode to Managed or External"
        },
        {
            "  replicas: 3\n  routing:\n    sessionAffinity:\n      enabled: false\n", "chat",
            "spec.routing.sessionAffinity.enabled: several replicas with the polling transport need cookie affinity, or clients fail with 'Session ID unknown': enable routing.sessionAffinity, use only the websocket transport, or set routing.provider to None and make the routing sticky yourself"
        },
        {
            "  app:\n    preset: FlaskSocketIO\n", "chat",
            "spec.image: an app other than the bundled RealtimeServer needs image: the container image of your Socket.IO server (for example registry.example.com/chat:1.0)"
        },
        {
            "  image: chat:1\n  app:\n    preset: Custom\n    backplaneEnv: REDIS_URL\n", "chat",
            "spec.app.port: app.preset Custom needs app.port: the port your Socket.IO server listens on (it also gets it in PORT)"
        },
        {
            "  image: chat:1\n  app:\n    preset: Custom\n    port: 8000\n", "chat",
            "spec.app.backplaneEnv: app.preset Custom with a Redis backplane needs app.backplaneEnv: the environment variable your app reads its redis:// URL from (for example REDIS_URL)"
        },
        {
            "  image: chat:1\n  app:\n    preset: FlaskSocketIO\n  redis:\n    shards: 2\n", "chat",
            "spec.redis.shards: an app that reads one redis:// URL (Flask-SocketIO, python-socketio, the Node redis adapter) uses one Redis: set redis.shards to 1, or app.backplaneFormat to URLList if your app spreads channels over comma-separated URLs itself"
        },
        {
            "  app:\n    paths: [/]\n", "chat",
            "spec.app.paths: app.paths routes more paths to your own app; the bundled RealtimeServer serves only socketio.path publicly, its /api/, /metrics and health endpoints stay internal"
        },
        {
            "  image: chat:1\n  app:\n    preset: NodeSocketIO\n    readinessProbe:\n      type: HTTP\n", "chat",
            "spec.app.readinessProbe.path: a readinessProbe of type HTTP needs path, the URL path your app answers with 2xx (for example /healthz); or use type TCP"
        },
        {
            "  image: chat:1\n  app:\n    preset: NodeSocketIO\n    livenessProbe: {}\n", "chat",
            "spec.app.livenessProbe.path: a livenessProbe of type HTTP needs path, the URL path your app answers with 2xx (for example /healthz); or use type TCP"
        },
        {
            "  image: chat:1\n  app:\n    preset: Custom\n    port: 8000\n    backplaneEnv: REDIS_URL\n  redis:\n    highAvailability:\n      enabled: true\n", "chat",
            "spec.redis.highAvailability.enabled: redis.highAvailability gives the pods a redis+sentinel:// URL, which only apps that speak Sentinel can use: the bundled RealtimeServer, FlaskSocketIO (python-socketio 5.13 or newer) and NodeSocketIO (an ioredis Sentinel client built from the URL, as examples/node-socketio does); a Custom app's support is unknown, so choose the preset your app is, or turn highAvailability off"
        },
        {
            "  redis:\n    mode: External\n    urlSecretRef:\n      name: redis-url\n    highAvailability:\n      enabled: true\n", "chat",
            "spec.redis.highAvailability.enabled: highAvailability makes the operator run Redis with Sentinel, so it needs mode Managed; for your own Sentinels use mode External with a redis+sentinel://:password@sentinel1:26379,sentinel2:26379/0/masterName URL in urlSecretRef"
        },
        {
            "  redis:\n    authEnabled: false\n    highAvailability:\n      enabled: true\n", "chat",
            "spec.redis.authEnabled: highAvailability needs authEnabled: a Sentinel without a password lets any pod that reaches it make another server the master"
        },
        {
            "  redis:\n    highAvailability:\n      enabled: true\n      replicas: 5\n", "chat",
            "spec.redis.highAvailability.sentinel.quorum: sentinel.quorum must be a majority of replicas (more than half of them, at most all): with 3 replicas, 2 or 3"
        },
        {
            "  image: chat:1\n  app:\n    preset: NodeSocketIO\n  socketio:\n    connectionStateRecovery:\n      enabled: true\n", "chat",
            "spec.socketio.connectionStateRecovery.enabled: socketio.connectionStateRecovery configures the bundled RealtimeServer; your own app turns recovery on in its code (in Node, new Server({connectionStateRecovery: {...}}), which across pods needs an adapter that supports it, not the Redis pub/sub adapter), so leave it off here"
        },
        {
            "  redis:\n    shards: 2\n  socketio:\n    connectionStateRecovery:\n      enabled: true\n", "chat",
            "spec.redis.shards: socketio.connectionStateRecovery needs one Redis shard: a client's offset names a position in one Redis stream, and separate shards have no common order; set redis.shards to 1"
        },
        {
            "  socketio:\n    connectionStateRecovery:\n      enabled: true\n      maxDisconnectionDurationMs: 45000\n", "chat",
            "spec.socketio.connectionStateRecovery.maxDisconnectionDurationMs: connectionStateRecovery.maxDisconnectionDurationMs must exceed pingIntervalMs + pingTimeoutMs: a client whose pod is lost without a close notices only when a heartbeat is missed, that long after its last message, so a shorter session would never be recovered"
        },
        {
            "  socketio:\n    path: /api/socket/\n", "chat",
            "spec.socketio.path: path must not start with one of the server's own endpoints: /api/, /healthz, /readyz, /metrics"
        },
        {
            "  redis:\n    mode: External\n", "chat",
            "spec.redis.urlSecretRef: mode External needs urlSecretRef: the Secret key holding the redis:// URL of your Redis"
        },
        {
            "  routing:\n    provider: GatewayAPI\n", "chat",
            "spec.routing.parentRefs: provider GatewayAPI needs parentRefs: the Gateway the HTTPRoute attaches to"
        },
        {
            "  routing:\n    parentRefs:\n      - name: gw\n", "chat",
            "spec.routing.parentRefs: parentRefs is only used by provider GatewayAPI"
        },
        {
            "  routing:\n    tls:\n      secretName: chat-tls\n", "chat",
            "spec.routing.tls: tls needs host: the certificate is served for that host name"
        },
        {
            "  routing:\n    provider: GatewayAPI\n    className: nginx\n    parentRefs:\n      - name: gw\n", "chat",
            "spec.routing.provider: tls and className apply to the Ingress providers (IngressNginx, Traefik, HAProxyIngress); with GatewayAPI, TLS and class belong to the Gateway"
        },
        {
            "  routing:\n    provider: Traefik\n    sessionAffinity:\n      mode: Balanced\n", "chat",
            "spec.routing.sessionAffinity.mode: sessionAffinity.mode Balanced is only supported by provider IngressNginx; the other providers keep every client on its pod (Persistent)"
        },
        {
            "  routing:\n    sessionAffinity:\n      sameSite: None\n", "chat",
            "spec.routing.sessionAffinity.sameSite: sameSite None needs secure: true, because browsers drop SameSite=None cookies that are not Secure"
        },
        {
            "  autoscaling:\n    enabled: true\n    minReplicas: 5\n    maxReplicas: 3\n", "chat",
            "spec.autoscaling.minReplicas: minReplicas must not exceed maxReplicas"
        },
        {
            "  drain:\n    terminationGracePeriodSeconds: 20\n    preStopDelaySeconds: 15\n", "chat",
            "spec.drain.terminationGracePeriodSeconds: terminationGracePeriodSeconds must exceed preStopDelaySeconds by more than 5 seconds, or no time is left to drain connections"
        },
    };

    [Theory]
    [MemberData(nameof(Violations))]
    public void A_spec_breaking_the_rule_is_rejected_with_its_message(string spec, string name, string expected)
    {
        Assert.Equal(expected, Manifests.SingleError(Manifests.Cluster(spec, name)));
    }

    [Fact]
    public void Every_rule_has_a_violation_case()
    {
        var tested = Violations.Select(row => (string)row[2]).ToList();

        Assert.All(CrossFieldRules.All, rule => Assert.Contains(tested, message => message.EndsWith(rule.Message, StringComparison.Ordinal)));
    }

    [Fact]
    public void The_error_points_at_the_line_of_the_field_at_fault()
    {
        var result = Manifests.Read(Manifests.Cluster("  replicas: 3\n  redis:\n    mode: None\n"));

        var error = Assert.Single(result.Errors);
        Assert.Equal((8, 11), (error.Line, error.Column));
        Assert.StartsWith("cluster.yaml:8:11: spec.redis.mode: ", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("  replicas: 1\n  redis:\n    mode: None\n")]
    [InlineData("  replicas: 3\n  socketio:\n    transports: [websocket]\n  routing:\n    sessionAffinity:\n      enabled: false\n")]
    [InlineData("  replicas: 3\n  routing:\n    provider: None\n    sessionAffinity:\n      enabled: false\n")]
    [InlineData("  routing:\n    provider: IngressNginx\n    host: chat.example.com\n    tls:\n      secretName: chat-tls\n    sessionAffinity:\n      mode: Balanced\n      secure: true\n      sameSite: None\n")]
    [InlineData("  redis:\n    mode: External\n    urlSecretRef:\n      name: redis-url\n")]
    [InlineData("  image: chat:1\n  app:\n    preset: FlaskSocketIO\n")]
    [InlineData("  image: chat:1\n  app:\n    preset: Custom\n    port: 8000\n    backplaneEnv: MQ\n    backplaneFormat: URLList\n  redis:\n    shards: 3\n")]
    [InlineData("  image: chat:1\n  replicas: 1\n  app:\n    preset: Custom\n    port: 8000\n  redis:\n    mode: None\n")]
    [InlineData("  image: chat:1\n  app:\n    preset: NodeSocketIO\n    paths: [/, /static/]\n    readinessProbe:\n      path: /healthz\n    livenessProbe:\n      type: TCP\n")]
    [InlineData("  redis:\n    shards: 4\n")]
    [InlineData("  redis:\n    shards: 2\n    highAvailability:\n      enabled: true\n      replicas: 5\n      sentinel:\n        quorum: 3\n")]
    [InlineData("  image: chat:1\n  app:\n    preset: FlaskSocketIO\n  redis:\n    highAvailability:\n      enabled: true\n")]
    [InlineData("  socketio:\n    connectionStateRecovery:\n      enabled: true\n")]
    [InlineData("  socketio:\n    pingIntervalMs: 5000\n    pingTimeoutMs: 5000\n    connectionStateRecovery:\n      enabled: true\n      maxDisconnectionDurationMs: 10001\n")]
    [InlineData("  replicas: 1\n  redis:\n    mode: None\n  socketio:\n    connectionStateRecovery:\n      enabled: true\n")]
    [InlineData("  redis:\n    shards: 2\n  socketio:\n    connectionStateRecovery:\n      enabled: false\n")]
    [InlineData("  image: chat:1\n  app:\n    preset: NodeSocketIO\n  socketio:\n    connectionStateRecovery:\n      maxDisconnectionDurationMs: 1000\n")]
    [InlineData("  image: chat:1\n  app:\n    preset: NodeSocketIO\n  redis:\n    highAvailability:\n      enabled: true\n      sentinel:\n        quorum: 3\n")]
    public void Specs_within_the_rules_are_accepted(string spec)
    {
        var result = Manifests.Read(Manifests.Cluster(spec));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
    }
}
