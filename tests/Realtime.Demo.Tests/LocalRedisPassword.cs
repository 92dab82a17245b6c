using Realtime.Local;

namespace Realtime.Demo.Tests;

/// <summary>The password a planned local Redis reads from its mounted auth config (`requirepass "…"`), never its arguments.</summary>
internal static class LocalRedisPassword
{
    private const string Prefix = "requirepass \"";
    private const string Suffix = "\"\n";

    public static string Of(LocalRedisShard redis)
    {
        var authConfig = Assert.Single(redis.Files);
        Assert.Equal(authConfig.Key, redis.Arguments[0]);
        Assert.StartsWith(Prefix, authConfig.Value, StringComparison.Ordinal);
        Assert.EndsWith(Suffix, authConfig.Value, StringComparison.Ordinal);
        return authConfig.Value[Prefix.Length..^Suffix.Length];
    }
}
