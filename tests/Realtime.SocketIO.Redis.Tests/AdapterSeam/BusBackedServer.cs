using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Realtime.SocketIO.Adapters;
using Realtime.Testing;

namespace Realtime.SocketIO.Redis.Tests.AdapterSeam;

/// <summary>An in-process Socket.IO server on a loopback port whose namespaces use <see cref="BusAdapter"/>.</summary>
public sealed class BusBackedServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BusBackedServer(WebApplication app, int port)
    {
        _app = app;
        Url = $"http://127.0.0.1:{port}";
        Main = app.Services.GetRequiredService<SocketIOServer>().MainNamespace;
    }

    public string Url { get; }

    public Namespace Main { get; }

    public BusAdapter Adapter => (BusAdapter)Main.Adapter;

    public static async Task<BusBackedServer> StartAsync(InProcessBus bus, ILoggerProvider? logs = null)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen => listen.UseEngineIO()));
        builder.Logging.ClearProviders();
        if (logs is not null)
        {
            builder.Logging.AddProvider(logs);
        }

        builder.Services.AddSingleton<IAdapterFactory>(new BusAdapterFactory(bus));
        builder.Services.AddSocketIO();
        var app = builder.Build();
        app.MapSocketIO();
        var server = new BusBackedServer(app, port);
        server.Main.OnConnection(socket => socket.On("join", (args, ack) =>
        {
            socket.Join(args[0].GetString()!);
            ack?.Invoke();
        }));
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
