using System.Collections.Concurrent;
using System.Reflection;
using Realtime.Local;
using Realtime.Testing;

namespace Realtime.Demo.Tests;

/// <summary>
/// Starts a local cluster the way `make run` does (the launcher's plan from a RealtimeCluster YAML, then its
/// processes) and keeps what they print for failure messages.
/// </summary>
public sealed class LocalClusterFixture : IAsyncLifetime
{
    private readonly ConcurrentQueue<string> _output = new();
    private LocalCluster? _cluster;

    public static string ServerAssembly => RepositoryPaths.Combine(
        typeof(LocalClusterFixture).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "ServerAssembly").Value!.Split('/'));

    public static string LocalExample => RepositoryPaths.Combine("examples", "local.yaml");

    public LocalCluster Cluster => _cluster ?? throw new InvalidOperationException("the local cluster is not started");

    public string Output => string.Join('\n', _output);

    public static async Task<LocalCluster> StartAsync(string yamlFile, Action<string> output)
    {
        var workDirectory = Path.Combine(Path.GetTempPath(), $"realtime-local-test-{Guid.NewGuid():N}");
        var plan = await LocalCommand.PlanAsync(yamlFile, FreePort.Next(), workDirectory, CancellationToken.None);
        var tools = await LocalTools.EnsureAsync(output, CancellationToken.None);
        return await LocalCluster.StartAsync(plan, tools, ServerAssembly, workDirectory, output, CancellationToken.None);
    }

    public async Task InitializeAsync() => _cluster = await StartAsync(LocalExample, Record);

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    private void Record(string line)
    {
        _output.Enqueue(line);
        while (_output.Count > 500 && _output.TryDequeue(out _))
        {
        }
    }
}

[CollectionDefinition(Name)]
public sealed class LocalClusterCollection : ICollectionFixture<LocalClusterFixture>
{
    public const string Name = "local cluster";
}
