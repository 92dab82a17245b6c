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
    /// <see cref="IAdapterFactory"/> is registered; map the endpoint with <c>MapSocketIO()</c>. The transport is
    /// configured as <see cref="EngineIOOptions"/> (<c>AddEngineIO(...)</c> or <c>services.Configure&lt;EngineIOOptions&gt;</c>);
    /// both option types are validated when the host starts.
    /// </summary>
    public static IServiceCollection AddSocketIO(this IServiceCollection services,
        Action<SocketIOOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<SocketIOOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SocketIOOptions>, SocketIOOptionsValidator>());
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.AddEngineIO();
        services.TryAddSingleton<IAdapterFactory, InMemoryAdapterFactory>();
        services.TryAddSingleton<SocketIOServer>();
        services.TryAddSingleton<IEngineConnectionHandler, SocketIOConnectionHandler>();
        return services;
    }
}
