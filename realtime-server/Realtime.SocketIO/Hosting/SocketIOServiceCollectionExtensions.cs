using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Realtime.EngineIO;
using Realtime.SocketIO;
using Realtime.SocketIO.Adapters;
using Realtime.SocketIO.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

public static class SocketIOServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="SocketIOServer"/> on top of Engine.IO, with the in-memory adapter unless an
    /// <see cref="IAdapterFactory"/> is registered. The transport is configured through
    /// <see cref="SocketIOOptions.EngineIO"/>; map the endpoint with <c>MapSocketIO()</c>.
    /// </summary>
    public static IServiceCollection AddSocketIO(this IServiceCollection services,
        Action<SocketIOOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<SocketIOOptions>();
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.AddEngineIO();
        services.Replace(ServiceDescriptor.Singleton<IOptions<EngineIOOptions>>(provider =>
            Options.Options.Create(provider.GetRequiredService<IOptions<SocketIOOptions>>().Value.EngineIO)));
        services.TryAddSingleton<IAdapterFactory, InMemoryAdapterFactory>();
        services.TryAddSingleton<SocketIOServer>();
        services.TryAddSingleton<IEngineConnectionHandler, SocketIOConnectionHandler>();
        return services;
    }
}
