using System.Globalization;
using System.Reflection;
using Realtime.Testing;

namespace Realtime.Cluster.Tests;

/// <summary>One bundled <c>realtime-server</c> process ("pod") on a free loopback port.</summary>
public sealed class ServerProcess : IAsyncDisposable
{
    public const string ApiToken = "cluster-test-token";

    private static readonly string AssemblyPath = typeof(ServerProcess).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(attribute => attribute.Key == "RealtimeServerAssembly").Value!;

    private readonly ChildProcess _process;

    private ServerProcess(ChildProcess process, int port, string podName)
    {
        _process = process;
        Port = port;
        PodName = podName;
    }

    public int Port { get; }

    public string PodName { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public string Output => _process.Output;

    public bool HasExited => _process.HasExited;

    public static async Task<ServerProcess> StartAsync(string podName, string redisUrl,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        if (!File.Exists(AssemblyPath))
        {
            throw new InvalidOperationException($"{AssemblyPath} is missing; build tests/Realtime.Cluster.Tests first");
        }

        var port = FreePort.Next();
        var variables = new Dictionary<string, string>
        {
            ["PORT"] = port.ToString(CultureInfo.InvariantCulture),
            ["REDIS_URL"] = redisUrl,
            ["POD_NAME"] = podName,
            ["API_TOKEN"] = ApiToken,
            ["DRAIN_SECONDS"] = "1",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            variables[name] = value;
        }

        var process = ChildProcess.Start("dotnet", [AssemblyPath], Path.GetDirectoryName(AssemblyPath), variables);
        var server = new ServerProcess(process, port, podName);
        try
        {
            await FreePort.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(30), process);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Ends the process at once, as a crashed or evicted pod goes.</summary>
    public void Kill() => _process.Kill();

    /// <summary>SIGTERM, as the kubelet stops a pod in a rollout: the server drains, then exits.</summary>
    public Task TerminateAsync() => _process.TerminateAsync(TimeSpan.FromSeconds(10));

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
