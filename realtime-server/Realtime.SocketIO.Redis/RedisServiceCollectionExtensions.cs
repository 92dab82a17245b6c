using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Realtime.SocketIO.Adapters;
using Realtime.SocketIO.Redis.Backplane;

namespace Realtime.SocketIO.Redis;

public static class RedisServiceCollectionExtensions
{
    /// <summary>
    /// Puts every namespace on the Redis backplane: registers <see cref="RedisBackplane"/> (also as
    /// <see cref="IBackplaneHealth"/> for readiness) and replaces the <see cref="IAdapterFactory"/>.
    /// </summary>
    public static IServiceCollection AddSocketIORedis(this IServiceCollection services, Action<RedisAdapterOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var options = new RedisAdapterOptions();
        configure(options);
        options.Validate();
        services.AddSingleton(options);
        services.AddSingleton(provider => new RedisBackplane(options, provider.GetRequiredService<ILoggerFactory>(),
            provider.GetService<IMeterFactory>()));
        services.AddSingleton<IBackplaneHealth>(provider => provider.GetRequiredService<RedisBackplane>());
        services.RemoveAll<IAdapterFactory>();
        services.AddSingleton<IAdapterFactory, RedisAdapterFactory>();
        return services;
    }
}
