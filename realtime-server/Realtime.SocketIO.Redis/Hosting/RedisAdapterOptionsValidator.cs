using Microsoft.Extensions.Options;

namespace Realtime.SocketIO.Redis.Hosting;

/// <summary>Rejects Redis adapter options that cannot work, naming each setting, when the host starts.</summary>
internal sealed class RedisAdapterOptionsValidator : IValidateOptions<RedisAdapterOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisAdapterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new ValidateOptionsResultBuilder();
        void Require(bool condition, string message)
        {
            if (!condition)
            {
                builder.AddError(message);
            }
        }

        Require(options.Configurations.Count > 0 && !options.Configurations.Any(string.IsNullOrWhiteSpace),
            "RedisAdapterOptions.Configurations needs at least one non-empty Redis configuration");
        Require(!string.IsNullOrEmpty(options.KeyPrefix) && !options.KeyPrefix.Contains('#', StringComparison.Ordinal),
            "RedisAdapterOptions.KeyPrefix must be non-empty and must not contain '#'");
        Require(options.RequestsTimeout > TimeSpan.Zero, "RedisAdapterOptions.RequestsTimeout must be positive");
        Require(!string.IsNullOrEmpty(options.ServerUid) && !options.ServerUid.Contains('#', StringComparison.Ordinal),
            "RedisAdapterOptions.ServerUid must be non-empty and must not contain '#'");
        Require(options.SubscriptionMode != SubscriptionMode.Pattern || options.Configurations.Count <= 1,
            "SubscriptionMode.Pattern works with one Redis only; sharding needs PerRoom");
        Require(options.PublishQueueCapacity >= 1, "RedisAdapterOptions.PublishQueueCapacity must be at least 1");
        Require(options.FailoverBufferBytes >= 0, "RedisAdapterOptions.FailoverBufferBytes must not be negative");
        Require(options.MaxReconnectBackoff > TimeSpan.Zero, "RedisAdapterOptions.MaxReconnectBackoff must be positive");
        return builder.Build();
    }
}
