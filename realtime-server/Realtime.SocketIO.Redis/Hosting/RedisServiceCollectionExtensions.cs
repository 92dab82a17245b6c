using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Realtime.SocketIO.Adapters;
using Realtime.SocketIO.Redis;
using Realtime.SocketIO.Redis.Backplane;
using Realtime.SocketIO.Redis.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

public static class RedisServiceCollectionExtensions
{
    /// <summary>
    /// Puts every namespace on the Redis backplane: registers <see cref="RedisBackplane"/> (also as
    /// <see cref="IBackplaneHealth"/> for readiness) and replaces the <see cref="IAdapterFactory"/>. The options may be
    /// configured here or with <c>services.Configure&lt;RedisAdapterOptions&gt;</c>; they are validated when the host
    /// starts.
    /// </summary>
    public static IServiceCollection AddSocketIORedis(this IServiceCollection services,
        Action<RedisAdapterOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<RedisAdapterOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisAdapterOptions>, RedisAdapterOptionsValidator>());
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.TryAddSingleton<RedisBackplane>();
        services.TryAddSingleton<IBackplaneHealth>(provider => provider.GetRequiredService<RedisBackplane>());
        services.RemoveAll<IAdapterFactory>();
        services.AddSingleton<IAdapterFactory, RedisAdapterFactory>();
        return services;
    }
}
