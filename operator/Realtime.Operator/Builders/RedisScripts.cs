using System.Security.Cryptography;
using System.Text;

namespace Realtime.Operator.Builders;

/// <summary>
/// The shell scripts and Sentinel config template of the high-availability Redis pods (files under
/// Builders/RedisScripts, embedded in the operator), as the ConfigMap carries them.
/// </summary>
internal static class RedisScripts
{
    /// <summary>Where the Redis and Sentinel containers mount the scripts ConfigMap.</summary>
    public const string Directory = "/opt/realtime-redis";

    public const string StartRedis = "start-redis.sh";
    public const string StartSentinel = "start-sentinel.sh";
    public const string RedisReady = "redis-ready.sh";
    public const string SentinelReady = "sentinel-ready.sh";

    private static readonly string[] FileNames = ["common.sh", StartRedis, StartSentinel, RedisReady, SentinelReady, "sentinel.conf"];

    /// <summary>Every file by name, in a stable order.</summary>
    public static IReadOnlyDictionary<string, string> Files { get; } = FileNames.ToDictionary(name => name, Read, StringComparer.Ordinal);

    /// <summary>A digest of the files, on the pod template: pods start from the scripts, so a new version of them rolls the pods.</summary>
    public static string Digest { get; } = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
        string.Join("\0", FileNames.Select(name => $"{name}\0{Files[name]}")))))[..16];

    public static string PathOf(string file) => $"{Directory}/{file}";

    private static string Read(string name)
    {
        using var stream = typeof(RedisScripts).Assembly.GetManifestResourceStream($"RedisScripts/{name}")
            ?? throw new InvalidOperationException($"the operator was built without its Redis script {name}");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
