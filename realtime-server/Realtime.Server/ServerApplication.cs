using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Realtime.EngineIO;
using Realtime.Server.Api;
using Realtime.Server.App;
using Realtime.Server.Configuration;
using Realtime.Server.Operations;
using Realtime.SocketIO;
using Realtime.SocketIO.Redis;

namespace Realtime.Server;

/// <summary>Composes the server: settings → Socket.IO (+ Redis) → the app contract, publish API and operations endpoints.</summary>
public static class ServerApplication
{
    /// <summary>
    /// Builds the server from command-line arguments, environment variables and appsettings, plus
    /// <paramref name="overrides"/> (tests use them instead of the process environment).
    /// Throws <see cref="InvalidSettingException"/> when a setting is invalid.
    /// </summary>
    public static WebApplication Build(string[] args, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = ContentRootIsGiven(args) ? null : AppContext.BaseDirectory,
        });
        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }

        var settings = ServerSettingsReader.Read(builder.Configuration);
        var listenOnPort = !EndpointSettings.AreGiven(builder.Configuration);
        builder.WebHost.UseKestrel(kestrel =>
        {
            if (listenOnPort)
            {
                kestrel.ListenAnyIP(settings.Port);
            }

            kestrel.AddServerHeader = false;
            // Kestrel binds only its endpoints from configuration; its limits (appsettings.json lowers how much it
            // reads ahead of the app per connection) are bound here, so Kestrel__Limits__* settings apply as well.
            builder.Configuration.GetSection("Kestrel:Limits").Bind(kestrel.Limits);
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = settings.DrainWindow);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton<DrainState>();
        builder.Services.AddSingleton<ServerMetrics>();
        builder.Services.AddSingleton<IEmitBroadcaster, SocketIOEmitBroadcaster>();
        builder.Services.AddSocketIO(socketIO => socketIO.ConnectionStateRecovery = settings.ConnectionStateRecovery);
        builder.Services.AddEngineIO(engine => Configure(engine, settings));
        if (settings.RedisUrls.Count > 0)
        {
            builder.Services.AddSocketIORedis(redis =>
            {
                redis.SubscriptionMode = settings.RedisSubscriptions;
                foreach (var url in settings.RedisUrls)
                {
                    redis.Configurations.Add(url);
                }
            });
        }

        builder.Services.AddSingleton<IHostedService>(provider => new GracefulDrain(
            provider.GetRequiredService<DrainState>(), provider.GetRequiredService<EngineServer>(),
            provider.GetRequiredService<SocketIOServer>(),
            provider.GetRequiredService<ServerMetrics>(), settings.DrainWindow,
            provider.GetRequiredService<ILogger<GracefulDrain>>()));

        var app = builder.Build();
        var metrics = new MetricsExport(app.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        app.Lifetime.ApplicationStopped.Register(metrics.Dispose);
        app.UseMiddleware<PodHeaderMiddleware>(settings.PodName);
        if (settings.DemoPage)
        {
            app.UseDefaultFiles();
            app.UseStaticFiles();
        }

        ChatContract.Attach(app.Services.GetRequiredService<SocketIOServer>().MainNamespace);
        app.MapSocketIO();
        app.MapHealthEndpoints(settings.PodName);
        metrics.Map(app);
        app.MapEmitEndpoint(settings.ApiToken, settings.MaxHttpBufferSize);
        return app;
    }

    /// <summary>
    /// Without <c>--contentRoot</c> / <c>ASPNETCORE_CONTENTROOT</c>, appsettings.json and wwwroot are the ones next to
    /// the binary, wherever it is started from (the working directory would lose the bundled logging settings).
    /// </summary>
    private static bool ContentRootIsGiven(string[] args)
    {
        var startup = new ConfigurationBuilder()
            .AddEnvironmentVariables("DOTNET_")
            .AddEnvironmentVariables("ASPNETCORE_")
            .AddCommandLine(args)
            .Build();
        return !string.IsNullOrEmpty(startup[WebHostDefaults.ContentRootKey]);
    }

    private static void Configure(EngineIOOptions engine, ServerSettings settings)
    {
        engine.Path = settings.SocketIOPath;
        engine.PingInterval = settings.PingInterval;
        engine.PingTimeout = settings.PingTimeout;
        engine.MaxHttpBufferSize = settings.MaxHttpBufferSize;
        engine.MaxOutboundQueue = settings.MaxOutboundMessages;
        engine.MaxOutboundBytes = settings.MaxOutboundBytes;
        engine.MaxBufferedBytes = settings.MaxBufferedBytes;
        engine.Transports = settings.Transports;
        engine.CorsOrigins = settings.CorsOrigins;
    }
}
