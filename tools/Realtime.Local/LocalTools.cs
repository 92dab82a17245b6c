using System.Diagnostics;

namespace Realtime.Local;

/// <summary>
/// The programs a local cluster runs besides the server: <c>redis-server</c> and <c>haproxy</c>. Nothing is installed
/// silently: when one is missing it is installed with apt-get, saying so, only when running as root with apt-get;
/// otherwise the error names the one command to run.
/// </summary>
public sealed record LocalTools(string RedisServer, string Haproxy)
{
    private static readonly string[] SearchPath =
        [.. (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries), "/usr/sbin", "/usr/bin", "/usr/local/bin", "/usr/local/sbin"];

    public static async Task<LocalTools> EnsureAsync(Action<string> output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        string[] packages = ["redis-server", "haproxy"];
        var missing = packages.Where(name => Find(name) is null).ToArray();
        if (missing.Length > 0)
        {
            var command = $"apt-get install -y {string.Join(' ', missing)}";
            if (!IsRoot() || Find("apt-get") is not { } aptGet)
            {
                throw new LocalSetupException($"missing: {string.Join(", ", missing)}. Install with: sudo {command}");
            }

            output($"installing {string.Join(", ", missing)}: {command}");
            await RunAsync(aptGet, ["update", "-q"], cancellationToken);
            await RunAsync(aptGet, ["install", "-y", "-q", .. missing], cancellationToken);
        }

        return new LocalTools(Require("redis-server"), Require("haproxy"));
    }

    private static string? Find(string name) => SearchPath.Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);

    private static string Require(string name) =>
        Find(name) ?? throw new LocalSetupException($"{name} is still missing after installing it; check the apt-get output above");

    private static bool IsRoot() => Environment.UserName == "root";

    private static async Task RunAsync(string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(fileName) { UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(info) ?? throw new LocalSetupException($"cannot start {fileName}");
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new LocalSetupException($"{fileName} exited with {process.ExitCode}");
        }
    }
}
