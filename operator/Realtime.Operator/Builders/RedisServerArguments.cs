using Realtime.Operator.Api;

namespace Realtime.Operator.Builders;

/// <summary>The <c>redis-server</c> command line of a managed shard.</summary>
public static class RedisServerArguments
{
    /// <summary>Commands a pub/sub backplane never needs and an intruder would love; renamed to nothing.</summary>
    public static readonly IReadOnlyList<string> DisabledCommands =
        ["FLUSHALL", "FLUSHDB", "CONFIG", "DEBUG", "MODULE", "REPLICAOF", "SLAVEOF", "MIGRATE"];

    public const string PasswordVariable = "REDIS_PASSWORD";

    public static List<string> Build(RedisSpec redis)
    {
        ArgumentNullException.ThrowIfNull(redis);
        List<string> args = ["--port", RedisTopology.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--dir", "/data"];
        args.AddRange(redis.Persistence
            ? ["--appendonly", "yes", "--save", ""]
            : ["--appendonly", "no", "--save", ""]);

        // The kubelet expands $(VAR) from the container's env, so the password never appears in the pod spec.
        args.AddRange(redis.AuthEnabled
            ? ["--requirepass", $"$({PasswordVariable})"]
            : ["--protected-mode", "no"]);

        foreach (var command in DisabledCommands)
        {
            args.AddRange(["--rename-command", command, ""]);
        }

        return args;
    }
}
