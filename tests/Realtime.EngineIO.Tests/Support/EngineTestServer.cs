using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Realtime.EngineIO;

namespace Realtime.EngineIO.Tests.Support;

/// <summary>A real Kestrel on a loopback port serving Engine.IO with the <see cref="EchoHandler"/>.</summary>
public sealed class EngineTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EngineTestServer(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
        Engine = app.Services.GetRequiredService<EngineServer>();
        Handler = (EchoHandler)app.Services.GetRequiredService<IEngineConnectionHandler>();
        Http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(15) };
    }

    public Uri BaseUri { get; }

    public EngineServer Engine { get; }

    public EchoHandler Handler { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    public Uri WebSocketUri(string query) =>
        new($"ws://{BaseUri.Authority}/socket.io/?{query}");

    /// <summary>A server whose WebSocket upgrades take <paramref name="path"/>.</summary>
    public static Task<EngineTestServer> StartAsync(EngineWebSocketPath path, Action<EngineIOOptions>? configure = null) =>
        StartAsync(options =>
        {
            options.WebSocketPath = path;
            configure?.Invoke(options);
        });

    public static async Task<EngineTestServer> StartAsync(Action<EngineIOOptions>? configure = null,
        Action<WebApplication>? mapMore = null, Action<KestrelServerOptions>? configureKestrel = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel =>
        {
            configureKestrel?.Invoke(kestrel);
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseEngineIO());
        });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IEngineConnectionHandler, EchoHandler>();
        builder.Services.AddEngineIO(options => configure?.Invoke(options));
        var app = builder.Build();
        app.MapEngineIO();
        mapMore?.Invoke(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
            .Addresses.Single();
        return new EngineTestServer(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
