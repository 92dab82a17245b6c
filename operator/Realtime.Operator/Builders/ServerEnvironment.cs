using System.Globalization;
using k8s.Models;
using Realtime.Operator.Api;

namespace Realtime.Operator.Builders;

/// <summary>The environment of the app container: the bundled server's settings, or what any Socket.IO app can use, then the user's.</summary>
internal static class ServerEnvironment
{
    public const string ApiTokenDefaultKey = "token";
    public const string ExternalUrlDefaultKey = "url";

    public static List<V1EnvVar> Build(RealtimeCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var profile = AppProfile.For(cluster);
        var env = profile.IsBundledServer ? BundledServer(cluster, profile) : OwnApp(cluster, profile);
        return WithUserVariables(env, cluster.Spec.App.Env);
    }

    /// <summary>Every setting the realtime-server reads, from the spec.</summary>
    private static List<V1EnvVar> BundledServer(RealtimeCluster cluster, AppProfile profile)
    {
        var spec = cluster.Spec;
        var socketio = spec.Socketio;
        var env = new List<V1EnvVar>
        {
            Plain("PORT", profile.Port.ToString(CultureInfo.InvariantCulture)),
            PodName(),
            Plain("SOCKETIO_PATH", socketio.Path),
            Plain("PING_INTERVAL_MS", socketio.PingIntervalMs.ToString(CultureInfo.InvariantCulture)),
            Plain("PING_TIMEOUT_MS", socketio.PingTimeoutMs.ToString(CultureInfo.InvariantCulture)),
            Plain("MAX_HTTP_BUFFER_SIZE", socketio.MaxHttpBufferSize.ToString(CultureInfo.InvariantCulture)),
            Plain("MAX_OUTBOUND_MESSAGES", socketio.MaxOutboundMessages.ToString(CultureInfo.InvariantCulture)),
            Plain("MAX_OUTBOUND_BYTES", socketio.MaxOutboundBytes.ToString(CultureInfo.InvariantCulture)),
            Plain("MAX_BUFFERED_BYTES", socketio.MaxBufferedBytes.ToString(CultureInfo.InvariantCulture)),
            Plain("TRANSPORTS", string.Join(",", socketio.Transports)),
            Plain("DRAIN_SECONDS", DrainSeconds(spec.Drain).ToString(CultureInfo.InvariantCulture)),
        };

        if (socketio.CorsOrigins.Count > 0)
        {
            env.Add(Plain("CORS_ORIGINS", string.Join(",", socketio.CorsOrigins)));
        }

        if (socketio.ConnectionStateRecovery is { Enabled: true } recovery)
        {
            env.AddRange(Recovery(recovery));
        }

        if (Backplane(cluster, profile) is { } redis)
        {
            env.Add(redis);
        }

        if (socketio.ApiTokenSecretRef is { } token)
        {
            env.Add(FromSecret("API_TOKEN", token.Name, token.Key ?? ApiTokenDefaultKey));
        }

        return env;
    }

    /// <summary>The bundled server's recovery settings; absent when recovery is off, so existing pods keep their spec.</summary>
    private static IEnumerable<V1EnvVar> Recovery(ConnectionStateRecoverySpec recovery) =>
    [
        Plain("CONNECTION_STATE_RECOVERY", "true"),
        Plain("RECOVERY_MAX_DISCONNECTION_MS", recovery.MaxDisconnectionDurationMs.ToString(CultureInfo.InvariantCulture)),
        Plain("RECOVERY_SKIP_MIDDLEWARES", recovery.SkipMiddlewares ? "true" : "false"),
        Plain("RECOVERY_LOG_MAX_BYTES", recovery.LogMaxBytes.ToString(CultureInfo.InvariantCulture)),
    ];

    /// <summary>What any Socket.IO app can use: its port, its pod name, the allowed origins and the backplane URL.</summary>
    private static List<V1EnvVar> OwnApp(RealtimeCluster cluster, AppProfile profile)
    {
        var env = new List<V1EnvVar>
        {
            Plain("PORT", profile.Port.ToString(CultureInfo.InvariantCulture)),
            PodName(),
        };

        if (cluster.Spec.Socketio.CorsOrigins.Count > 0)
        {
            env.Add(Plain("CORS_ORIGINS", string.Join(",", cluster.Spec.Socketio.CorsOrigins)));
        }

        if (Backplane(cluster, profile) is { } redis)
        {
            env.Add(redis);
        }

        return env;
    }

    /// <summary>
    /// The user's variables come last so their values can refer to ours with <c>$(NAME)</c>; one of ours with the same
    /// name is dropped, because server-side apply rejects a list with a duplicate name.
    /// </summary>
    private static List<V1EnvVar> WithUserVariables(List<V1EnvVar> env, IList<V1EnvVar>? user)
    {
        if (user is not { Count: > 0 })
        {
            return env;
        }

        var names = user.Select(variable => variable.Name).ToHashSet(StringComparer.Ordinal);
        return [.. env.Where(variable => !names.Contains(variable.Name)), .. user];
    }

    /// <summary>What is left of the grace period after the preStop delay, minus time for the process to exit.</summary>
    public static int DrainSeconds(DrainSpec drain)
    {
        ArgumentNullException.ThrowIfNull(drain);
        return Math.Max(0, drain.TerminationGracePeriodSeconds - drain.PreStopDelaySeconds - DrainSpec.ExitMarginSeconds);
    }

    /// <summary>
    /// The backplane URL (or URLs) from the Secret, so the password never sits in the pod spec. One shard's
    /// <c>urls</c> value is a single URL, which is what a single-URL app reads; validation keeps those at one shard.
    /// </summary>
    private static V1EnvVar? Backplane(RealtimeCluster cluster, AppProfile profile)
    {
        var redis = cluster.Spec.Redis;
        var name = profile.BackplaneEnv;
        return redis.Mode switch
        {
            RedisMode.Managed when redis.AuthEnabled =>
                FromSecret(name, ChildNames.RedisSecret(cluster), RedisSecretBuilder.UrlsKey),
            RedisMode.Managed => Plain(name, RedisTopology.Urls(cluster, password: null)),
            RedisMode.External when redis.UrlSecretRef is { } url =>
                FromSecret(name, url.Name, url.Key ?? ExternalUrlDefaultKey),
            _ => null,
        };
    }

    private static V1EnvVar PodName() => new()
    {
        Name = "POD_NAME",
        ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.name" } },
    };

    private static V1EnvVar Plain(string name, string value) => new() { Name = name, Value = value };

    private static V1EnvVar FromSecret(string name, string secret, string key) => new()
    {
        Name = name,
        ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = secret, Key = key } },
    };
}
