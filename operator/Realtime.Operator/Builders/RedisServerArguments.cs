using Realtime.Operator.Api;

namespace Realtime.Operator.Builders;

/// <summary>The <c>redis-server</c> command line of a managed shard.</summary>
internal static class RedisServerArguments
{
    /// <summary>Commands a pub/sub backplane never needs and an intruder would love; renamed to nothing.</summary>
    public static readonly IReadOnlyList<string> DisabledCommands =
        ["FLUSHALL", "FLUSHDB", "CONFIG", "DEBUG", "MODULE", "REPLICAOF", "SLAVEOF", "MIGRATE"];

    /// <summary>
    /// With Sentinel, the commands it reconfigures a failed-over shard with stay (CONFIG, REPLICAOF, SLAVEOF),
    /// behind the password: renamed away, a Sentinel could never promote a replica.
    /// </summary>
    public static readonly IReadOnlyList<string> DisabledCommandsWithSentinel =
        [.. DisabledCommands.Except(["CONFIG", "REPLICAOF", "SLAVEOF"])];

    /// <summary>Where the Redis pod mounts the auth config file from the operator's Secret.</summary>
    public const string AuthConfigDirectory = "/etc/redis-auth";

    /// <summary>The Secret key, and the file name, of the auth config.</summary>
    public const string AuthConfigKey = "auth.conf";

    public static string AuthConfigPath => $"{AuthConfigDirectory}/{AuthConfigKey}";

    public static List<string> Build(RedisSpec redis)
    {
        ArgumentNullException.ThrowIfNull(redis);

        // The password comes in a config file mounted from the Secret (redis-server takes a config file as its
        // first argument): given as --requirepass, even through $(VAR), it stood in the process arguments that
        // anyone on the node or with a shell in the pod can read from /proc.
        List<string> args = redis.AuthEnabled ? [AuthConfigPath] : [];
        args.AddRange(["--port", RedisTopology.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--dir", "/data"]);
        args.AddRange(redis.Persistence
            ? ["--appendonly", "yes", "--save", ""]
            : ["--appendonly", "no", "--save", ""]);

        if (!redis.AuthEnabled)
        {
            args.AddRange(["--protected-mode", "no"]);
        }

        foreach (var command in redis.HighAvailability.Enabled ? DisabledCommandsWithSentinel : DisabledCommands)
        {
            args.AddRange(["--rename-command", command, ""]);
        }

        return args;
    }

    /// <summary>
    /// The auth config file: the password as a quoted redis.conf string, so no character of it can end the
    /// directive. A replica (<paramref name="replicated"/>) also authenticates to its master with it.
    /// </summary>
    public static string AuthConfig(string password, bool replicated = false)
    {
        var quoted = Quoted(password);
        return replicated ? $"requirepass {quoted}\nmasterauth {quoted}\n" : $"requirepass {quoted}\n";
    }

    /// <summary>The password as a double-quoted redis.conf (and sentinel.conf) string.</summary>
    public static string Quoted(string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        var escaped = password
            .Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal)
            .Replace("\r", "\\r", StringComparison.Ordinal);
        return $"\"{escaped}\"";
    }
}
