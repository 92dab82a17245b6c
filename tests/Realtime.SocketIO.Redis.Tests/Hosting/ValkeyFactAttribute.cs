using Realtime.Testing;

namespace Realtime.SocketIO.Redis.Tests.Hosting;

/// <summary>A test against Valkey: skipped, with scripts/fetch-valkey.sh's reason shown, where Valkey could not be fetched.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ValkeyFactAttribute : FactAttribute
{
    public ValkeyFactAttribute()
    {
        Skip = RedisBinaries.ValkeyUnavailableReason();
    }
}
