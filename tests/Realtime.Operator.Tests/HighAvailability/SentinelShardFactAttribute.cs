using System.Diagnostics;
using Realtime.Testing;

namespace Realtime.Operator.Tests.HighAvailability;

/// <summary>
/// A test that runs a Sentinel shard's scripts with Debian's redis-server and redis-sentinel in a private network
/// namespace: skipped, saying what is missing, where those tools or unprivileged user namespaces are not available.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SentinelShardFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> Unavailable = new(Check);

    public SentinelShardFactAttribute()
    {
        Skip = Unavailable.Value;
    }

    private static string? Check()
    {
        var missing = new[] { "redis-server", "redis-sentinel", "redis-cli", "unshare", "ip", "sh" }.Where(tool => ExecutableLocator.Find(tool) is null).ToList();
        if (missing.Count > 0)
        {
            return $"needs {string.Join(", ", missing)} (scripts/ensure-deps.sh installs redis-sentinel)";
        }

        using var probe = Process.Start(new ProcessStartInfo("unshare", ["-r", "-m", "-n", "true"]) { RedirectStandardError = true, UseShellExecute = false })!;
        probe.WaitForExit(10_000);
        return probe.HasExited && probe.ExitCode == 0
            ? null
            : $"unshare -r -m -n fails here (unprivileged user namespaces disabled?): {probe.StandardError.ReadToEnd().Trim()}";
    }
}
