using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Realtime.SocketIO.Redis.Backplane;
using Realtime.Testing;

namespace Realtime.SocketIO.Redis.Tests.Hosting;

/// <summary>
/// An in-process Socket.IO server on a loopback port with the Redis adapter, and the one client event the tests
/// need: <c>join</c> (room, ack).
/// </summary>
public sealed class RedisBackedServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RedisBackedServer(WebApplication app, int port)
    {
        _app = app;
        Port = port;
        IO = app.Services.GetRequiredService<SocketIOServer>();
        Backplane = app.Services.GetRequiredService<RedisBackplane>();
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public SocketIOServer IO { get; }

    public RedisBackplane Backplane { get; }

    public IServiceProvider Services => _app.Services;

    public Namespace Main => IO.MainNamespace;

    public RedisAdapter Adapter => (RedisAdapter)Main.Adapter;

    public static async Task<RedisBackedServer> StartAsync(IEnumerable<string> redisConfigurations,
        Action<RedisAdapterOptions>? configure = null, ILoggerProvider? logs = null, Action<SocketIOOptions>? socketIO = null)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }
        builder.Services.AddSocketIO(options => socketIO?.Invoke(options));
        builder.Services.AddSocketIORedis(options =>
        {
            foreach (var configuration in redisConfigurations)
            {
                options.Configurations.Add(configuration);
            }

            options.RequestsTimeout = TimeSpan.FromSeconds(3);
            options.MaxReconnectBackoff = TimeSpan.FromMilliseconds(500);
            configure?.Invoke(options);
        });
        var app = builder.Build();
        app.MapSocketIO();
        var server = new RedisBackedServer(app, port);
        server.Main.OnConnection(socket => socket.On("join", (args, ack) =>
        {
            socket.Join(args[0].GetString()!);
            ack?.Invoke();
        }));
        await app.StartAsync();
        return server;
    }

    /// <summary>Waits until the backplane is connected and every channel this server needs is subscribed.</summary>
    public Task WaitForBackplaneAsync() =>
        Eventually.TrueAsync(() => Backplane.SubscriptionsInSync, TimeSpan.FromSeconds(20),
            $"backplane of {Url} connected and subscribed ({Backplane.Description})");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
