using System.Globalization;
using k8s.Models;
using Realtime.Operator.Api;

namespace Realtime.Operator.Builders;

/// <summary>The environment of the server container: the settings the realtime-server reads, from the spec.</summary>
public static class ServerEnvironment
{
    public const string ApiTokenDefaultKey = "token";
    public const string ExternalUrlDefaultKey = "url";

    public static List<V1EnvVar> Build(RealtimeCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var spec = cluster.Spec;
        var socketio = spec.Socketio;
        var env = new List<V1EnvVar>
        {
            Plain("PORT", ServerServiceBuilder.Port.ToString(CultureInfo.InvariantCulture)),
            new()
            {
                Name = "POD_NAME",
                ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.name" } },
            },
            Plain("SOCKETIO_PATH", socketio.Path),
            Plain("PING_INTERVAL_MS", socketio.PingIntervalMs.ToString(CultureInfo.InvariantCulture)),
            Plain("PING_TIMEOUT_MS", socketio.PingTimeoutMs.ToString(CultureInfo.InvariantCulture)),
            Plain("MAX_HTTP_BUFFER_SIZE", socketio.MaxHttpBufferSize.ToString(CultureInfo.InvariantCulture)),
            Plain("MAX_OUTBOUND_MESSAGES", socketio.MaxOutboundMessages.ToString(CultureInfo.InvariantCulture)),
            Plain("MAX_OUTBOUND_BYTES", socketio.MaxOutboundBytes.ToString(CultureInfo.InvariantCulture)),
            Plain("TRANSPORTS", string.Join(",", socketio.Transports)),
            Plain("DRAIN_SECONDS", DrainSeconds(spec.Drain).ToString(CultureInfo.InvariantCulture)),
        };

        if (socketio.CorsOrigins.Count > 0)
        {
            env.Add(Plain("CORS_ORIGINS", string.Join(",", socketio.CorsOrigins)));
        }

        if (RedisUrls(cluster) is { } redis)
        {
            env.Add(redis);
        }

        if (socketio.ApiTokenSecretRef is { } token)
        {
            env.Add(FromSecret("API_TOKEN", token.Name, token.Key ?? ApiTokenDefaultKey));
        }

        return env;
    }

    /// <summary>What is left of the grace period after the preStop delay, minus time for the process to exit.</summary>
    public static int DrainSeconds(DrainSpec drain)
    {
        ArgumentNullException.ThrowIfNull(drain);
        return Math.Max(0, drain.TerminationGracePeriodSeconds - drain.PreStopDelaySeconds - DrainSpec.ExitMarginSeconds);
    }

    private static V1EnvVar? RedisUrls(RealtimeCluster cluster)
    {
        var redis = cluster.Spec.Redis;
        return redis.Mode switch
        {
            RedisMode.Managed when redis.AuthEnabled =>
                FromSecret("REDIS_URLS", ChildNames.RedisSecret(cluster), RedisSecretBuilder.UrlsKey),
            RedisMode.Managed => Plain("REDIS_URLS", RedisTopology.Urls(cluster, password: null)),
            RedisMode.External when redis.UrlSecretRef is { } url =>
                FromSecret("REDIS_URLS", url.Name, url.Key ?? ExternalUrlDefaultKey),
            _ => null,
        };
    }

    private static V1EnvVar Plain(string name, string value) => new() { Name = name, Value = value };

    private static V1EnvVar FromSecret(string name, string secret, string key) => new()
    {
        Name = name,
        ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = secret, Key = key } },
    };
}
