using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Realtime.EngineIO;
using Realtime.SocketIO;
using Realtime.Testing;

namespace Realtime.SocketIO.Tests.Support;

/// <summary>A real Kestrel on a free loopback port serving Socket.IO with the <see cref="TestApp"/> handlers.</summary>
public sealed class SocketIOTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SocketIOTestServer(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
        Server = app.Services.GetRequiredService<SocketIOServer>();
        App = new TestApp(Server);
    }

    /// <summary>The URL clients connect to (<c>http://127.0.0.1:port</c>).</summary>
    public Uri BaseUri { get; }

    public SocketIOServer Server { get; }

    public TestApp App { get; }

    public IServiceProvider Services => _app.Services;

    public Uri WebSocketUri => new($"ws://{BaseUri.Authority}/socket.io/?EIO=4&transport=websocket");

    public static async Task<SocketIOTestServer> StartAsync(Action<SocketIOOptions>? configure = null,
        TimeProvider? timeProvider = null, Action<EngineIOOptions>? engine = null)
    {
        var port = FreePort.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen => listen.UseEngineIO()));
        builder.Logging.ClearProviders();
        builder.Services.AddSocketIO(options => configure?.Invoke(options));
        builder.Services.AddEngineIO(options => engine?.Invoke(options));
        if (timeProvider is not null)
        {
            builder.Services.AddSingleton(timeProvider);
        }

        var app = builder.Build();
        app.MapSocketIO();
        var server = new SocketIOTestServer(app, new Uri($"http://127.0.0.1:{port}"));
        await app.StartAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
