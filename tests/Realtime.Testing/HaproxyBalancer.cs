using System.Globalization;
using System.Text;

namespace Realtime.Testing;

/// <summary>How the proxy picks a backend for a request.</summary>
public enum BalancingMode
{
    /// <summary>
    /// Cookie <c>route</c> inserted on the first response and honoured afterwards, falling back to another
    /// backend when the pinned one is down: what ingress-nginx does with <c>affinity: cookie</c> and
    /// <c>affinity-mode: persistent</c>.
    /// </summary>
    StickyCookie,

    /// <summary>Plain round-robin per request: the setup that breaks Socket.IO polling handshakes.</summary>
    RoundRobin,
}

/// <summary>A real <c>haproxy</c> on a free loopback port in front of N backends.</summary>
public sealed class HaproxyBalancer : IAsyncDisposable
{
    public const string CookieName = "route";

    private readonly ChildProcess _process;
    private readonly string _configPath;

    private HaproxyBalancer(int port, ChildProcess process, string configPath)
    {
        Port = port;
        _process = process;
        _configPath = configPath;
    }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}");

    public static async Task<HaproxyBalancer> StartAsync(IReadOnlyList<int> backendPorts, BalancingMode mode)
    {
        var port = FreePort.Next();
        var configPath = Path.Combine(Path.GetTempPath(), $"haproxy-{port}-{Guid.NewGuid():N}.cfg");
        await File.WriteAllTextAsync(configPath, BuildConfig(port, backendPorts, mode));
        var process = ChildProcess.Start(ExecutableLocator.Require("haproxy"), ["-db", "-f", configPath]);
        var balancer = new HaproxyBalancer(port, process, configPath);
        try
        {
            await FreePort.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(10), process);
        }
        catch
        {
            await balancer.DisposeAsync();
            throw;
        }

        return balancer;
    }

    /// <summary>
    /// The configuration: cookie insert mode (the proxy owns the cookie, the app never sees it), health checks so a
    /// dead backend's clients are redispatched, and a long tunnel timeout so idle WebSockets stay open.
    /// </summary>
    public static string BuildConfig(int port, IReadOnlyList<int> backendPorts, BalancingMode mode)
    {
        var config = new StringBuilder();
        config.AppendLine("global");
        config.AppendLine("  maxconn 8000");
        config.AppendLine("defaults");
        config.AppendLine("  mode http");
        config.AppendLine("  option http-server-close");
        config.AppendLine("  option redispatch");
        config.AppendLine("  retries 3");
        config.AppendLine("  timeout connect 2s");
        config.AppendLine("  timeout client 60s");
        config.AppendLine("  timeout server 60s");
        config.AppendLine("  timeout tunnel 3600s");
        config.AppendLine("frontend realtime");
        config.AppendLine(CultureInfo.InvariantCulture, $"  bind 127.0.0.1:{port}");
        config.AppendLine("  default_backend pods");
        config.AppendLine("backend pods");
        config.AppendLine("  balance roundrobin");
        if (mode == BalancingMode.StickyCookie)
        {
            config.AppendLine(CultureInfo.InvariantCulture, $"  cookie {CookieName} insert indirect nocache httponly");
        }

        for (var i = 0; i < backendPorts.Count; i++)
        {
            var cookie = mode == BalancingMode.StickyCookie ? $" cookie pod-{i}" : string.Empty;
            config.AppendLine(CultureInfo.InvariantCulture,
                $"  server pod-{i} 127.0.0.1:{backendPorts[i]}{cookie} check inter 250ms fall 2 rise 1");
        }

        return config.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        File.Delete(_configPath);
    }
}
