using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Realtime.SocketIO.Redis.Backplane;
using Realtime.SocketIO.Redis.Tests.Hosting;
using Realtime.Testing;

namespace Realtime.SocketIO.Redis.Tests;

/// <summary>
/// The container disposes the backplane once per registration it was resolved through (<see cref="RedisBackplane"/>
/// and <see cref="IBackplaneHealth"/>), so disposing it again must be harmless.
/// </summary>
public sealed class BackplaneDisposalTests
{
    [Fact]
    public async Task Disposing_the_backplane_twice_is_harmless()
    {
        await using var redis = await RedisServer.StartAsync();
        var options = new RedisAdapterOptions();
        options.Configurations.Add(redis.Configuration);
        var backplane = new RedisBackplane(Options.Create(options), NullLoggerFactory.Instance);
        await Eventually.TrueAsync(() => backplane.State == BackplaneState.Connected, TimeSpan.FromSeconds(8), "the backplane connects");

        await backplane.DisposeAsync();
        await backplane.DisposeAsync();

        Assert.Equal(BackplaneState.Disconnected, backplane.State);
    }

    [Fact]
    public async Task A_host_that_resolved_the_backplane_through_its_health_interface_stops_cleanly()
    {
        await using var redis = await RedisServer.StartAsync();
        var server = await RedisBackedServer.StartAsync([redis.Configuration]);
        var health = server.Services.GetRequiredService<IBackplaneHealth>();
        Assert.Same(server.Backplane, health);
        await server.WaitForBackplaneAsync();

        await server.DisposeAsync();

        Assert.Equal(BackplaneState.Disconnected, health.State);
    }
}
