using Realtime.Local.Haproxy;

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
    /// The configuration `make run` uses too (tools/Realtime.Local/Haproxy): cookie insert mode (the proxy owns the
    /// cookie, the app never sees it), TCP health checks so a dead backend's clients are redispatched, and a long
    /// tunnel timeout so idle WebSockets stay open.
    /// </summary>
    public static string BuildConfig(int port, IReadOnlyList<int> backendPorts, BalancingMode mode) =>
        HaproxyConfigWriter.Write(
            port,
            [.. backendPorts.Select((backendPort, i) => new HaproxyBackend($"pod-{i}", backendPort))],
            mode == BalancingMode.StickyCookie ? CookieName : null,
            httpCheckPath: null,
            TimeSpan.FromMilliseconds(250),
            maxConnections: 8000);

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        File.Delete(_configPath);
    }
}
