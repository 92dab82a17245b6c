using Realtime.SocketIO.Redis.Tests.Hosting;
using Realtime.Testing;

namespace Realtime.SocketIO.Redis.Tests;

/// <summary>One redis-server and N in-process servers sharing it, torn down together.</summary>
public sealed class RedisCluster : IAsyncDisposable
{
    private RedisCluster(RedisServer redis, IReadOnlyList<RedisBackedServer> servers)
    {
        Redis = redis;
        Servers = servers;
    }

    public RedisServer Redis { get; }

    public IReadOnlyList<RedisBackedServer> Servers { get; }

    public RedisBackedServer this[int index] => Servers[index];

    public static async Task<RedisCluster> StartAsync(int servers, Action<RedisAdapterOptions>? configure = null,
        Action<SocketIOOptions>? socketIO = null)
    {
        var redis = await RedisServer.StartAsync();
        var started = new List<RedisBackedServer>();
        for (var i = 0; i < servers; i++)
        {
            started.Add(await RedisBackedServer.StartAsync([redis.Configuration], configure, socketIO: socketIO));
        }

        var cluster = new RedisCluster(redis, started);
        await cluster.WaitForBackplaneAsync();
        return cluster;
    }

    public Task WaitForBackplaneAsync() => Task.WhenAll(Servers.Select(server => server.WaitForBackplaneAsync()));

    public async ValueTask DisposeAsync()
    {
        foreach (var server in Servers)
        {
            await server.DisposeAsync();
        }

        await Redis.DisposeAsync();
    }
}
