namespace Realtime.Testing;

/// <summary>
/// Which server programs the Redis fixtures run: Debian's Redis (the default), or Valkey unpacked by
/// scripts/fetch-valkey.sh into a cache outside git (its bundled libraries found through <c>LD_LIBRARY_PATH</c>).
/// </summary>
public sealed record RedisBinaries(string Name, string Server, string Sentinel, IReadOnlyDictionary<string, string> Environment)
{
    public static RedisBinaries Redis { get; } = new("Redis", "redis-server", "redis-sentinel", new Dictionary<string, string>());

    /// <summary>Where scripts/fetch-valkey.sh leaves Valkey; <c>current</c> points at the unpacked packages.</summary>
    public static string ValkeyDirectory { get; } = Path.Combine(
        System.Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } cache
            ? cache
            : Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".cache"),
        "realtime-operator", "valkey");

    /// <summary>Why Valkey cannot run here, or null when it can: the Valkey tests skip with this text.</summary>
    public static string? ValkeyUnavailableReason()
    {
        var current = Path.Combine(ValkeyDirectory, "current");
        if (File.Exists(Path.Combine(current, "usr", "bin", "valkey-server")) && File.Exists(Path.Combine(current, "usr", "bin", "valkey-sentinel")))
        {
            return null;
        }

        var recorded = Path.Combine(ValkeyDirectory, "skip-reason");
        var reason = File.Exists(recorded) ? File.ReadAllText(recorded).Trim() : "it has not been fetched on this machine";
        return $"Valkey is not available: {reason} (scripts/fetch-valkey.sh fetches it; scripts/ensure-deps.sh runs that script)";
    }

    public static RedisBinaries Valkey()
    {
        if (ValkeyUnavailableReason() is { } reason)
        {
            throw new InvalidOperationException(reason);
        }

        var root = Path.Combine(ValkeyDirectory, "current");
        var libraries = Path.Combine(root, "usr", "lib", "x86_64-linux-gnu");
        var inherited = System.Environment.GetEnvironmentVariable("LD_LIBRARY_PATH");
        return new RedisBinaries("Valkey", Path.Combine(root, "usr", "bin", "valkey-server"), Path.Combine(root, "usr", "bin", "valkey-sentinel"),
            new Dictionary<string, string> { ["LD_LIBRARY_PATH"] = string.IsNullOrEmpty(inherited) ? libraries : $"{libraries}:{inherited}" });
    }

    public string ServerPath => Path.IsPathRooted(Server) ? Server : ExecutableLocator.Require(Server);

    public string SentinelPath => Path.IsPathRooted(Sentinel) ? Sentinel : ExecutableLocator.Require(Sentinel);
}
