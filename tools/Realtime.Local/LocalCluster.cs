using System.Net.Http;
using System.Net.Sockets;

namespace Realtime.Local;

/// <summary>
/// A <see cref="LocalPlan"/> running: Redis shards, then the server replicas (each waited for until its readiness
/// probe passes), then haproxy in front. Disposing stops everything it started, tier by tier: the proxy, then the
/// replicas together, then Redis.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly List<List<LocalProcess>> _tiers = [];
    private readonly string _workDirectory;

    private LocalCluster(LocalPlan plan, string workDirectory)
    {
        Plan = plan;
        _workDirectory = workDirectory;
    }

    public LocalPlan Plan { get; }

    /// <summary>Completes when any process of the cluster exits on its own, naming it.</summary>
    public Task<LocalProcess> AnyExited => Task.WhenAny(_tiers.SelectMany(tier => tier).Select(async p =>
    {
        await p.Exited;
        return p;
    })).Unwrap();

    /// <param name="serverAssembly">The built <c>realtime-server.dll</c>.</param>
    /// <param name="workDirectory">Holds the proxy configuration and the plan's Redis data folders; deleted on dispose.</param>
    public static async Task<LocalCluster> StartAsync(LocalPlan plan, LocalTools tools, string serverAssembly,
        string workDirectory, Action<string> output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(tools);
        if (plan.AppCommand is null && !File.Exists(serverAssembly))
        {
            throw new LocalSetupException($"{serverAssembly} does not exist; build it first: dotnet build realtime-server/Realtime.Server");
        }

        Directory.CreateDirectory(workDirectory);
        var cluster = new LocalCluster(plan, workDirectory);
        try
        {
            await cluster.StartAllAsync(tools, serverAssembly, output, cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        for (var i = _tiers.Count - 1; i >= 0; i--)
        {
            await Task.WhenAll(_tiers[i].Select(process => process.DisposeAsync().AsTask()));
        }

        _tiers.Clear();
        try
        {
            Directory.Delete(_workDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing was written.
        }
    }

    private async Task StartAllAsync(LocalTools tools, string serverAssembly, Action<string> output, CancellationToken cancellationToken)
    {
        _tiers.Add([]);
        foreach (var shard in Plan.RedisShards)
        {
            Directory.CreateDirectory(shard.DataDirectory);
            foreach (var (path, content) in shard.Files)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                await File.WriteAllTextAsync(path, content, cancellationToken);
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }
            }

            var redis = Start(shard.ServiceName, tools.RedisServer, shard.Arguments, new Dictionary<string, string>(), _workDirectory, output);
            await WaitForPortAsync(redis, shard.Port, cancellationToken);
        }

        _tiers.Add([]);
        var replicas = Plan.Replicas.Select(replica => (replica, process: StartReplica(replica, serverAssembly, output))).ToList();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        foreach (var (replica, process) in replicas)
        {
            if (Plan.ReadinessPath is { } path)
            {
                await WaitUntilReadyAsync(http, process, replica.Port, path, cancellationToken);
            }
            else
            {
                await WaitForPortAsync(process, replica.Port, cancellationToken);
            }
        }

        _tiers.Add([]);
        var configPath = Path.Combine(_workDirectory, "haproxy.cfg");
        await File.WriteAllTextAsync(configPath, HaproxyConfiguration.Build(Plan), cancellationToken);
        var proxy = Start("proxy", tools.Haproxy, ["-db", "-f", configPath], new Dictionary<string, string>(), _workDirectory, output);
        await WaitForPortAsync(proxy, Plan.ProxyPort, cancellationToken);
    }

    /// <summary>The team's app from its local command, or the bundled server from its assembly.</summary>
    private LocalProcess StartReplica(LocalReplica replica, string serverAssembly, Action<string> output)
    {
        if (Plan.AppCommand is { } app)
        {
            return Start(replica.PodName, app.FileName, app.Arguments, replica.Environment, app.WorkingDirectory, output);
        }

        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        return Start(replica.PodName, dotnet, [serverAssembly], replica.Environment, ServerContentRoot(serverAssembly), output);
    }

    /// <summary>
    /// The server's content root is its working directory, and the demo page is its wwwroot: beside a published
    /// assembly, or in the project folder above a bin/ build (as `dotnet run` would use).
    /// </summary>
    private static string ServerContentRoot(string serverAssembly)
    {
        for (var directory = new FileInfo(serverAssembly).Directory; directory is not null; directory = directory.Parent)
        {
            if (Directory.Exists(Path.Combine(directory.FullName, "wwwroot")))
            {
                return directory.FullName;
            }
        }

        throw new LocalSetupException($"no wwwroot (the demo page) beside {serverAssembly} or above it");
    }

    private LocalProcess Start(string name, string fileName, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string> environment, string workingDirectory, Action<string> output)
    {
        var process = LocalProcess.Start(name, fileName, arguments, environment, workingDirectory, output);
        _tiers[^1].Add(process);
        return process;
    }

    private static async Task WaitForPortAsync(LocalProcess process, int port, CancellationToken cancellationToken) =>
        await WaitAsync(process, $"127.0.0.1:{port} to listen", async () =>
        {
            using var client = new TcpClient();
            try
            {
                await client.ConnectAsync("127.0.0.1", port, cancellationToken);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }, cancellationToken);

    private static async Task WaitUntilReadyAsync(HttpClient http, LocalProcess process, int port, string path, CancellationToken cancellationToken) =>
        await WaitAsync(process, $"http://127.0.0.1:{port}{path} to answer 200", async () =>
        {
            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}{path}"), cancellationToken);
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }, cancellationToken);

    private static async Task WaitAsync(LocalProcess process, string what, Func<Task<bool>> condition, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (!await condition())
        {
            if (process.HasExited)
            {
                throw new LocalSetupException($"{process.Name} exited while waiting for {what}:\n{process.RecentOutput}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new LocalSetupException($"{process.Name}: gave up after {StartTimeout.TotalSeconds:0} s waiting for {what}:\n{process.RecentOutput}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }
}
