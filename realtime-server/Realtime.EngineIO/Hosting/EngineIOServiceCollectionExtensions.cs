using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Realtime.EngineIO;
using Realtime.EngineIO.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

public static class EngineIOServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="EngineServer"/>. The application registers its <see cref="IEngineConnectionHandler"/>
    /// and maps the endpoint with <c>MapEngineIO()</c>. The options may be configured here or with
    /// <c>services.Configure&lt;EngineIOOptions&gt;</c>; they are validated when the host starts.
    /// </summary>
    public static IServiceCollection AddEngineIO(this IServiceCollection services,
        Action<EngineIOOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<EngineIOOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EngineIOOptions>, EngineIOOptionsValidator>());
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.AddLogging();
        services.AddMetrics();
        services.TryAddSingleton(provider => new EngineServer(
            provider.GetRequiredService<IOptions<EngineIOOptions>>().Value,
            provider,
            provider.GetRequiredService<ILogger<EngineServer>>(),
            new EngineMetrics(provider.GetRequiredService<IMeterFactory>())));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, EngineShutdownService>());
        return services;
    }
}
