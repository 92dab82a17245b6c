using System.Globalization;
using Microsoft.Extensions.Configuration;
using Realtime.EngineIO;
using Realtime.SocketIO;
using Realtime.SocketIO.Redis;

namespace Realtime.Server.Configuration;

/// <summary>
/// Reads the server's settings from configuration (environment variables and appsettings use the same flat keys,
/// e.g. <c>PORT</c>) and validates every value, so a mistake stops start-up with one line naming the variable.
/// </summary>
public static class ServerSettingsReader
{
    public const string DefaultSocketIOPath = "/socket.io/";
    public const int MinimumApiTokenLength = 16;

    private static readonly string[] KnownTransports = ["polling", "websocket"];

    /// <summary>Paths the host serves itself; the Socket.IO path must not shadow them.</summary>
    private static readonly string[] HostPaths = ["/api/", "/healthz", "/readyz", "/metrics"];

    public static ServerSettings Read(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var redisUrls = ReadRedisUrls(configuration);
        return new ServerSettings
        {
            Port = ReadInt(configuration, "PORT", 5000, 1, 65535),
            RedisUrls = redisUrls,
            RedisSubscriptions = ReadRedisSubscriptions(configuration, redisUrls.Count),
            PingInterval = TimeSpan.FromMilliseconds(ReadInt(configuration, "PING_INTERVAL_MS", 25000, 100, 3_600_000)),
            PingTimeout = TimeSpan.FromMilliseconds(ReadInt(configuration, "PING_TIMEOUT_MS", 20000, 100, 3_600_000)),
            MaxHttpBufferSize = ReadInt(configuration, "MAX_HTTP_BUFFER_SIZE", 1_000_000, 1024, 100_000_000),
            MaxOutboundMessages = ReadInt(configuration, "MAX_OUTBOUND_MESSAGES", 1024, 1, 1_000_000),
            MaxOutboundBytes = ReadInt(configuration, "MAX_OUTBOUND_BYTES", 2 * 1024 * 1024, 1024, 1_073_741_824),
            MaxBufferedBytes = ReadInt(configuration, "MAX_BUFFERED_BYTES", 128 * 1024 * 1024, 1_048_576, 1_073_741_824),
            Transports = ReadTransports(configuration),
            WebSocketPath = ReadWebSocketPath(configuration),
            CorsOrigins = ReadCorsOrigins(configuration),
            ApiToken = ReadApiToken(configuration),
            PodName = ReadPodName(configuration),
            DrainWindow = TimeSpan.FromSeconds(ReadInt(configuration, "DRAIN_SECONDS", 10, 0, 3600)),
            DemoPage = ReadBool(configuration, "DEMO_PAGE", false),
            SocketIOPath = ReadSocketIOPath(configuration),
            ConnectionStateRecovery = ReadConnectionStateRecovery(configuration, redisUrls.Count),
        };
    }

    private static string? Value(IConfiguration configuration, string key)
    {
        var value = configuration[key];
        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    private static int ReadInt(IConfiguration configuration, string key, int fallback, int min, int max)
    {
        var raw = Value(configuration, key);
        if (raw is null)
        {
            return fallback;
        }

        if (!int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new InvalidSettingException(key, $"must be an integer from {min} to {max}, got '{Shorten(raw)}'");
        }

        return value;
    }

    private static bool ReadBool(IConfiguration configuration, string key, bool fallback)
    {
        var raw = Value(configuration, key);
        return raw?.ToLowerInvariant() switch
        {
            null => fallback,
            "true" or "1" or "yes" or "on" => true,
            "false" or "0" or "no" or "off" => false,
            _ => throw new InvalidSettingException(key, $"must be true or false, got '{Shorten(raw)}'"),
        };
    }

    private static IReadOnlyList<string> ReadRedisUrls(IConfiguration configuration)
    {
        var single = Value(configuration, "REDIS_URL");
        var list = Value(configuration, "REDIS_URLS");
        if (single is not null && list is not null)
        {
            throw new InvalidSettingException("REDIS_URLS", "set either REDIS_URL or REDIS_URLS, not both");
        }

        if (single is not null)
        {
            ParseRedisUrl("REDIS_URL", single.Trim());
            return [single.Trim()];
        }

        if (list is null)
        {
            return [];
        }

        var urls = RedisUrlList.Split(list);
        if (urls.Count == 0)
        {
            throw new InvalidSettingException("REDIS_URLS", "must list at least one redis:// URL");
        }

        var servers = urls.Select(url => ParseRedisUrl("REDIS_URLS", url)).ToList();
        if (servers.Distinct(StringComparer.OrdinalIgnoreCase).Count() != servers.Count)
        {
            throw new InvalidSettingException("REDIS_URLS", "lists the same Redis server twice");
        }

        return urls;
    }

    /// <summary>Validates one URL; returns where it points (never its credentials), to find a server listed twice.</summary>
    private static string ParseRedisUrl(string key, string raw)
    {
        if (RedisUrl.IsSentinel(raw))
        {
            try
            {
                var options = RedisUrl.ToOptions(raw);
                return string.Join(",", options.EndPoints.Select(RedisUrl.Describe).Order(StringComparer.OrdinalIgnoreCase))
                       + "/" + options.ServiceName;
            }
            catch (FormatException e)
            {
                // The parser's messages name the part at fault and never quote the credentials.
                throw new InvalidSettingException(key, e.Message);
            }
        }

        if (!Uri.TryCreate(raw, UriKind.Absolute, out var url) || (url.Scheme != "redis" && url.Scheme != "rediss")
            || string.IsNullOrEmpty(url.Host))
        {
            // The raw value is not echoed: a Redis URL carries its password.
            throw new InvalidSettingException(key,
                "must be a URL like redis://[:password@]host[:port][/db], rediss://... or redis+sentinel://[[user]:password@]host1:port1[,host2:port2...][/db[/masterName]]");
        }

        var database = url.AbsolutePath.Trim('/');
        if (database.Length > 0 && !int.TryParse(database, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            throw new InvalidSettingException(key, $"the path must be a database number, got '/{Shorten(database)}'");
        }

        return url.Authority;
    }

    private static SubscriptionMode ReadRedisSubscriptions(IConfiguration configuration, int shards)
    {
        var raw = Value(configuration, "REDIS_SUBSCRIPTIONS");
        var mode = raw?.ToLowerInvariant() switch
        {
            null or "per-room" => SubscriptionMode.PerRoom,
            "pattern" => SubscriptionMode.Pattern,
            _ => throw new InvalidSettingException("REDIS_SUBSCRIPTIONS", $"must be per-room or pattern, got '{Shorten(raw)}'"),
        };
        if (mode == SubscriptionMode.Pattern && shards > 1)
        {
            throw new InvalidSettingException("REDIS_SUBSCRIPTIONS", "pattern works with one Redis only; use per-room with REDIS_URLS");
        }

        return mode;
    }

    /// <summary>
    /// Off by default, as in Node; on, it needs at most one Redis, since an offset is a position in one Redis stream
    /// and separate servers have no common order.
    /// </summary>
    private static ConnectionStateRecoveryOptions? ReadConnectionStateRecovery(IConfiguration configuration, int shards)
    {
        if (!ReadBool(configuration, "CONNECTION_STATE_RECOVERY", false))
        {
            return null;
        }

        if (shards > 1)
        {
            throw new InvalidSettingException("CONNECTION_STATE_RECOVERY",
                $"needs one Redis (a single REDIS_URL or one entry in REDIS_URLS), got {shards}: an offset names a position in one Redis stream");
        }

        return new ConnectionStateRecoveryOptions
        {
            MaxDisconnectionDuration = TimeSpan.FromMilliseconds(
                ReadInt(configuration, "RECOVERY_MAX_DISCONNECTION_MS", 120_000, 1000, 86_400_000)),
            SkipMiddlewares = ReadBool(configuration, "RECOVERY_SKIP_MIDDLEWARES", true),
            MaxLogBytes = ReadInt(configuration, "RECOVERY_LOG_MAX_BYTES", 64 * 1024 * 1024, 65_536, 1_073_741_824),
        };
    }

    private static EngineWebSocketPath ReadWebSocketPath(IConfiguration configuration)
    {
        var raw = Value(configuration, "WEBSOCKET_PATH");
        return raw?.ToLowerInvariant() switch
        {
            null or "lean" => EngineWebSocketPath.Lean,
            "aspnetcore" => EngineWebSocketPath.AspNetCore,
            _ => throw new InvalidSettingException("WEBSOCKET_PATH", $"must be lean or aspnetcore, got '{Shorten(raw)}'"),
        };
    }

    private static IReadOnlyList<string> ReadTransports(IConfiguration configuration)
    {
        var raw = Value(configuration, "TRANSPORTS");
        if (raw is null)
        {
            return KnownTransports;
        }

        var transports = SplitList(raw).Select(t => t.ToLowerInvariant()).Distinct().ToList();
        var unknown = transports.FirstOrDefault(t => !KnownTransports.Contains(t));
        if (unknown is not null || transports.Count == 0)
        {
            throw new InvalidSettingException("TRANSPORTS",
                $"must be a comma list of polling and websocket, got '{Shorten(raw)}'");
        }

        return transports;
    }

    private static IReadOnlyList<string> ReadCorsOrigins(IConfiguration configuration)
    {
        var raw = Value(configuration, "CORS_ORIGINS");
        if (raw is null)
        {
            return [];
        }

        var origins = new List<string>();
        foreach (var origin in SplitList(raw))
        {
            if (origin.Contains('*', StringComparison.Ordinal))
            {
                throw new InvalidSettingException("CORS_ORIGINS", "wildcards are not allowed; list each origin");
            }

            if (!Uri.TryCreate(origin, UriKind.Absolute, out var url) || (url.Scheme != "http" && url.Scheme != "https")
                || url.PathAndQuery != "/" || origin.EndsWith('/'))
            {
                throw new InvalidSettingException("CORS_ORIGINS",
                    $"each origin must be scheme://host[:port] without a path, got '{Shorten(origin)}'");
            }

            origins.Add(origin);
        }

        return origins;
    }

    private static string? ReadApiToken(IConfiguration configuration)
    {
        var token = Value(configuration, "API_TOKEN");
        var file = Value(configuration, "API_TOKEN_FILE");
        if (token is not null && file is not null)
        {
            throw new InvalidSettingException("API_TOKEN_FILE", "set either API_TOKEN or API_TOKEN_FILE, not both");
        }

        var key = "API_TOKEN";
        if (file is not null)
        {
            key = "API_TOKEN_FILE";
            try
            {
                token = File.ReadAllText(file).Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                throw new InvalidSettingException(key, $"cannot read '{Shorten(file)}': {e.GetType().Name}");
            }
        }

        if (token is null)
        {
            return null;
        }

        if (token.Length < MinimumApiTokenLength || token.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            // Never echo the token itself.
            throw new InvalidSettingException(key,
                $"the token must be at least {MinimumApiTokenLength} characters without spaces");
        }

        return token;
    }

    private static string ReadPodName(IConfiguration configuration)
    {
        var name = Value(configuration, "POD_NAME") ?? Environment.MachineName;
        if (name.Length > 253 || name.Any(c => c < 0x21 || c > 0x7e))
        {
            throw new InvalidSettingException("POD_NAME",
                $"must be at most 253 printable ASCII characters without spaces, got '{Shorten(name)}'");
        }

        return name;
    }

    private static string ReadSocketIOPath(IConfiguration configuration)
    {
        var raw = Value(configuration, "SOCKETIO_PATH");
        if (raw is null)
        {
            return DefaultSocketIOPath;
        }

        var path = raw.EndsWith('/') ? raw : raw + "/";
        var valid = path.Length > 2 && path[0] == '/' && !path.Contains("//", StringComparison.Ordinal)
            && path.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or '_' or '.')
            && !path.Split('/').Any(segment => segment is "." or "..");
        if (!valid)
        {
            throw new InvalidSettingException("SOCKETIO_PATH",
                $"must be an absolute path of letters, digits, '-', '_' and '.', got '{Shorten(raw)}'");
        }

        if (HostPaths.Any(host => path.StartsWith(host, StringComparison.OrdinalIgnoreCase)
            || host.StartsWith(path, StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidSettingException("SOCKETIO_PATH", $"'{path}' overlaps the host's own endpoints");
        }

        return path;
    }

    private static IEnumerable<string> SplitList(string raw) =>
        raw.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string Shorten(string value) => value.Length <= 64 ? value : value[..64] + "...";
}
