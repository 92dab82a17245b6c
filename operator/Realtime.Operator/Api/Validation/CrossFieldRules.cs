namespace Realtime.Operator.Api.Validation;

/// <summary>
/// Every cross-field rule of the API. The first ones are the scaling decision framework: several pods need a
/// backplane, and several pods with long-polling need cookie affinity.
/// </summary>
public static class CrossFieldRules
{
    public static IReadOnlyList<CrossFieldRule> All { get; } =
    [
        CrossFieldRule.For<RealtimeClusterSpec>(
            "self.replicas <= 1 || self.redis.mode != 'None'",
            "more than one replica needs a Redis backplane so that broadcasts reach clients on every pod: set redis.mode to Managed or External, or replicas to 1",
            ".redis.mode",
            spec => spec.Replicas <= 1 || spec.Redis.Mode != RedisMode.None),

        CrossFieldRule.For<RealtimeClusterSpec>(
            "!self.autoscaling.enabled || self.autoscaling.maxReplicas <= 1 || self.redis.mode != 'None'",
            "autoscaling beyond one replica needs a Redis backplane so that broadcasts reach clients on every pod: set redis.mode to Managed or External",
            ".redis.mode",
            spec => !spec.Autoscaling.Enabled || spec.Autoscaling.MaxReplicas <= 1 || spec.Redis.Mode != RedisMode.None),

        CrossFieldRule.For<RealtimeClusterSpec>(
            "!('polling' in self.socketio.transports) || self.routing.provider == 'None' || self.routing.sessionAffinity.enabled"
            + " || (self.replicas <= 1 && (!self.autoscaling.enabled || self.autoscaling.maxReplicas <= 1))",
            "several replicas with the polling transport need cookie affinity, or clients fail with 'Session ID unknown': enable routing.sessionAffinity, use only the websocket transport, or set routing.provider to None and make the routing sticky yourself",
            ".routing.sessionAffinity.enabled",
            spec => !spec.Socketio.Transports.Contains(SocketIOSpec.PollingTransport)
                || spec.Routing.Provider == RoutingProvider.None
                || spec.Routing.SessionAffinity.Enabled
                || (spec.Replicas <= 1 && (!spec.Autoscaling.Enabled || spec.Autoscaling.MaxReplicas <= 1))),

        CrossFieldRule.For<RealtimeClusterSpec>(
            "self.app.preset == 'RealtimeServer' || has(self.image)",
            "an app other than the bundled RealtimeServer needs image: the container image of your Socket.IO server (for example registry.example.com/chat:1.0)",
            ".image",
            spec => spec.App.Preset == AppPreset.RealtimeServer || spec.Image is not null),

        CrossFieldRule.For<RealtimeClusterSpec>(
            "self.app.preset != 'Custom' || has(self.app.port)",
            "app.preset Custom needs app.port: the port your Socket.IO server listens on (it also gets it in PORT)",
            ".app.port",
            spec => spec.App.Preset != AppPreset.Custom || spec.App.Port is not null),

        CrossFieldRule.For<RealtimeClusterSpec>(
            "self.app.preset != 'Custom' || self.redis.mode == 'None' || has(self.app.backplaneEnv)",
            "app.preset Custom with a Redis backplane needs app.backplaneEnv: the environment variable your app reads its redis:// URL from (for example REDIS_URL)",
            ".app.backplaneEnv",
            spec => spec.App.Preset != AppPreset.Custom || spec.Redis.Mode == RedisMode.None || spec.App.BackplaneEnv is not null),

        CrossFieldRule.For<RealtimeClusterSpec>(
            "self.redis.mode != 'Managed' || self.redis.shards == 1"
            + " || (has(self.app.backplaneFormat) ? self.app.backplaneFormat == 'URLList' : self.app.preset == 'RealtimeServer')",
            "an app that reads one redis:// URL (Flask-SocketIO, python-socketio, the Node redis adapter) uses one Redis: set redis.shards to 1, or app.backplaneFormat to URLList if your app spreads channels over comma-separated URLs itself",
            ".redis.shards",
            spec => spec.Redis.Mode != RedisMode.Managed || spec.Redis.Shards == 1
                || (spec.App.BackplaneFormat is { } format ? format == BackplaneFormat.URLList : spec.App.Preset == AppPreset.RealtimeServer)),

        CrossFieldRule.For<RealtimeClusterSpec>(
            "self.app.preset != 'RealtimeServer' || !has(self.app.paths) || size(self.app.paths) == 0",
            "app.paths routes more paths to your own app; the bundled RealtimeServer serves only socketio.path publicly, its /api/, /metrics and health endpoints stay internal",
            ".app.paths",
            spec => spec.App.Preset != AppPreset.RealtimeServer || spec.App.Paths is null or { Count: 0 }),

        CrossFieldRule.For<RealtimeClusterSpec>(
            "!has(self.app.readinessProbe) || self.app.readinessProbe.type != 'HTTP' || has(self.app.readinessProbe.path)",
            "a readinessProbe of type HTTP needs path, the URL path your app answers with 2xx (for example /healthz); or use type TCP",
            ".app.readinessProbe.path",
            spec => spec.App.ReadinessProbe is not { Type: ProbeType.HTTP, Path: null }),
        CrossFieldRule.For<RealtimeClusterSpec>(
            "!has(self.app.livenessProbe) || self.app.livenessProbe.type != 'HTTP' || has(self.app.livenessProbe.path)",
            "a livenessProbe of type HTTP needs path, the URL path your app answers with 2xx (for example /healthz); or use type TCP",
            ".app.livenessProbe.path",
            spec => spec.App.LivenessProbe is not { Type: ProbeType.HTTP, Path: null }),

        CrossFieldRule.For<RealtimeClusterSpec>(
            "!self.redis.highAvailability.enabled || self.app.preset != 'Custom'",
            "redis.highAvailability gives the pods a redis+sentinel:// URL, which only apps that speak Sentinel can use: the bundled RealtimeServer, FlaskSocketIO (python-socketio 5.13 or newer) and NodeSocketIO (an ioredis Sentinel client built from the URL, as examples/node-socketio does); a Custom app's support is unknown, so choose the preset your app is, or turn highAvailability off",
            ".redis.highAvailability.enabled",
            spec => !spec.Redis.HighAvailability.Enabled || spec.App.Preset != AppPreset.Custom),

        CrossFieldRule.For<RealtimeClusterSpec>(
            "!self.socketio.connectionStateRecovery.enabled || self.app.preset == 'RealtimeServer'",
            "socketio.connectionStateRecovery configures the bundled RealtimeServer; your own app turns recovery on in its code (in Node, new Server({connectionStateRecovery: {...}}), which across pods needs an adapter that supports it, not the Redis pub/sub adapter), so leave it off here",
            ".socketio.connectionStateRecovery.enabled",
            spec => !spec.Socketio.ConnectionStateRecovery.Enabled || spec.App.Preset == AppPreset.RealtimeServer),

        CrossFieldRule.For<RealtimeClusterSpec>(
            "!self.socketio.connectionStateRecovery.enabled || self.redis.mode != 'Managed' || self.redis.shards == 1",
            "socketio.connectionStateRecovery needs one Redis shard: a client's offset names a position in one Redis stream, and separate shards have no common order; set redis.shards to 1",
            ".redis.shards",
            spec => !spec.Socketio.ConnectionStateRecovery.Enabled || spec.Redis.Mode != RedisMode.Managed || spec.Redis.Shards == 1),

        CrossFieldRule.For<SocketIOSpec>(
            "!self.connectionStateRecovery.enabled || self.connectionStateRecovery.maxDisconnectionDurationMs > self.pingIntervalMs + self.pingTimeoutMs",
            "connectionStateRecovery.maxDisconnectionDurationMs must exceed pingIntervalMs + pingTimeoutMs: a client whose pod is lost without a close notices only when a heartbeat is missed, that long after its last message, so a shorter session would never be recovered",
            ".connectionStateRecovery.maxDisconnectionDurationMs",
            socketio => !socketio.ConnectionStateRecovery.Enabled
                || socketio.ConnectionStateRecovery.MaxDisconnectionDurationMs > (long)socketio.PingIntervalMs + socketio.PingTimeoutMs),

        CrossFieldRule.For<SocketIOSpec>(
            "!['/api/', '/healthz/', '/readyz/', '/metrics/'].exists(p, self.path.startsWith(p))",
            "path must not start with one of the server's own endpoints: /api/, /healthz, /readyz, /metrics",
            ".path",
            socketio => !new[] { "/api/", "/healthz/", "/readyz/", "/metrics/" }
                .Any(p => socketio.Path.StartsWith(p, StringComparison.Ordinal))),

        CrossFieldRule.For<RedisSpec>(
            "self.mode != 'External' || has(self.urlSecretRef)",
            "mode External needs urlSecretRef: the Secret key holding the redis:// URL of your Redis",
            ".urlSecretRef",
            redis => redis.Mode != RedisMode.External || redis.UrlSecretRef is not null),

        CrossFieldRule.For<RedisSpec>(
            "!self.highAvailability.enabled || self.mode == 'Managed'",
            "highAvailability makes the operator run Redis with Sentinel, so it needs mode Managed; for your own Sentinels use mode External with a redis+sentinel://:password@sentinel1:26379,sentinel2:26379/0/masterName URL in urlSecretRef",
            ".highAvailability.enabled",
            redis => !redis.HighAvailability.Enabled || redis.Mode == RedisMode.Managed),

        CrossFieldRule.For<RedisSpec>(
            "!self.highAvailability.enabled || self.authEnabled",
            "highAvailability needs authEnabled: a Sentinel without a password lets any pod that reaches it make another server the master",
            ".authEnabled",
            redis => !redis.HighAvailability.Enabled || redis.AuthEnabled),

        CrossFieldRule.For<RedisHighAvailabilitySpec>(
            "self.sentinel.quorum <= self.replicas && self.sentinel.quorum * 2 > self.replicas",
            "sentinel.quorum must be a majority of replicas (more than half of them, at most all): with 3 replicas, 2 or 3",
            ".sentinel.quorum",
            ha => ha.Sentinel.Quorum <= ha.Replicas && ha.Sentinel.Quorum * 2 > ha.Replicas),

        CrossFieldRule.For<RoutingSpec>(
            "self.provider != 'GatewayAPI' || (has(self.parentRefs) && size(self.parentRefs) > 0)",
            "provider GatewayAPI needs parentRefs: the Gateway the HTTPRoute attaches to",
            ".parentRefs",
            routing => routing.Provider != RoutingProvider.GatewayAPI || routing.ParentRefs is { Count: > 0 }),

        CrossFieldRule.For<RoutingSpec>(
            "self.provider == 'GatewayAPI' || !has(self.parentRefs) || size(self.parentRefs) == 0",
            "parentRefs is only used by provider GatewayAPI",
            ".parentRefs",
            routing => routing.Provider == RoutingProvider.GatewayAPI || routing.ParentRefs is null or { Count: 0 }),

        CrossFieldRule.For<RoutingSpec>(
            "!has(self.tls) || has(self.host)",
            "tls needs host: the certificate is served for that host name",
            ".tls",
            routing => routing.Tls is null || routing.Host is not null),

        CrossFieldRule.For<RoutingSpec>(
            "!(has(self.tls) || has(self.className)) || self.provider in ['IngressNginx', 'Traefik', 'HAProxyIngress']",
            "tls and className apply to the Ingress providers (IngressNginx, Traefik, HAProxyIngress); with GatewayAPI, TLS and class belong to the Gateway",
            ".provider",
            routing => (routing.Tls is null && routing.ClassName is null)
                || routing.Provider is RoutingProvider.IngressNginx or RoutingProvider.Traefik or RoutingProvider.HAProxyIngress),

        CrossFieldRule.For<RoutingSpec>(
            "self.sessionAffinity.mode != 'Balanced' || self.provider == 'IngressNginx'",
            "sessionAffinity.mode Balanced is only supported by provider IngressNginx; the other providers keep every client on its pod (Persistent)",
            ".sessionAffinity.mode",
            routing => routing.SessionAffinity.Mode != AffinityMode.Balanced || routing.Provider == RoutingProvider.IngressNginx),

        CrossFieldRule.For<SessionAffinitySpec>(
            "!has(self.sameSite) || self.sameSite != 'None' || (has(self.secure) && self.secure)",
            "sameSite None needs secure: true, because browsers drop SameSite=None cookies that are not Secure",
            ".sameSite",
            affinity => affinity.SameSite != SameSiteMode.None || affinity.Secure == true),

        CrossFieldRule.For<AutoscalingSpec>(
            "self.minReplicas <= self.maxReplicas",
            "minReplicas must not exceed maxReplicas",
            ".minReplicas",
            autoscaling => autoscaling.MinReplicas <= autoscaling.MaxReplicas),

        CrossFieldRule.For<DrainSpec>(
            $"self.preStopDelaySeconds + {DrainSpec.ExitMarginSeconds} < self.terminationGracePeriodSeconds",
            $"terminationGracePeriodSeconds must exceed preStopDelaySeconds by more than {DrainSpec.ExitMarginSeconds} seconds, or no time is left to drain connections",
            ".terminationGracePeriodSeconds",
            drain => drain.PreStopDelaySeconds + DrainSpec.ExitMarginSeconds < drain.TerminationGracePeriodSeconds),
    ];

    public static IEnumerable<CrossFieldRule> For(Type target) => All.Where(rule => rule.Target == target);
}
