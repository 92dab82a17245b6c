using System.Net;

namespace Realtime.SocketIO.Redis.Tests;

/// <summary>
/// <c>redis+sentinel://</c> read as python-socketio's <c>parse_redis_sentinel_url</c> reads it (sentinels in the
/// authority, <c>/db/masterName</c> in the path), with <c>mymaster</c> as the default name.
/// </summary>
public sealed class SentinelUrlTests
{
    [Theory]
    [InlineData("redis+sentinel://s1:26379", "s1:26379", "mymaster", null, null, null, false)]
    [InlineData("redis+sentinel://s1:26380,s2:26381,10.0.0.3:26382/0/shard0",
        "s1:26380 s2:26381 10.0.0.3:26382", "shard0", null, null, 0, false)]
    [InlineData("redis+sentinel://:pw@s1:1,s2:2/3", "s1:1 s2:2", "mymaster", null, "pw", 3, false)]
    [InlineData("redis+sentinel://app:p%40ss@s1:1//m", "s1:1", "m", "app", "p@ss", null, false)]
    [InlineData("rediss+sentinel://s1", "s1:26379", "mymaster", null, null, null, true)]
    [InlineData("redis+sentinel://[::1]:26390,127.0.0.1:26391/1/m", "[::1]:26390 127.0.0.1:26391", "m", null, null, 1, false)]
    public void Reads_sentinels_master_name_credentials_and_database(string url, string sentinels, string masterName,
        string? user, string? password, int? database, bool ssl)
    {
        var options = RedisUrl.ToOptions(url);

        Assert.Equal(sentinels, string.Join(' ', options.EndPoints.Select(RedisUrl.Describe)));
        Assert.Equal(masterName, options.ServiceName);
        Assert.Equal(user, options.User);
        Assert.Equal(password, options.Password);
        Assert.Equal(database, options.DefaultDatabase);
        Assert.Equal(ssl, options.Ssl);
        Assert.True(RedisUrl.IsSentinel(url));
    }

    [Theory]
    [InlineData("Pa,ss")]
    [InlineData(",=@:/%")]
    [InlineData("p@ss:w/o%rd")]
    public void A_password_with_separators_stays_one_password(string password)
    {
        var options = RedisUrl.ToOptions($"redis+sentinel://app:{Uri.EscapeDataString(password)}@s1:1,s2:2/0/m");

        Assert.Equal(password, options.Password);
        Assert.Equal(2, options.EndPoints.Count);
        Assert.Equal("m", options.ServiceName);
    }

    [Theory]
    [InlineData("redis+sentinel://:Secret9@", "sentinel address 1 is empty")]
    [InlineData("redis+sentinel://:Secret9@s1:99999", "port of sentinel address 1")]
    [InlineData("redis+sentinel://:Secret9@s1:1/0/m?x=1", "query")]
    [InlineData("redis+sentinel://:Secret9@s1:1/0/my%20master", "spaces")]
    [InlineData("redis+sentinel://:Secret9,s1:1/0/m", "sentinel address 1 is not a host")]
    [InlineData("redis+sentinel://:Secret9@[::1:1/0/m", "lacks the ']'")]
    public void A_bad_url_is_refused_clearly_without_its_password(string url, string reason)
    {
        var error = Assert.Throws<FormatException>(() => RedisUrl.ToOptions(url));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_plain_url_is_not_sentinel()
    {
        Assert.False(RedisUrl.IsSentinel("redis://s1:6379"));
        Assert.IsType<DnsEndPoint>(Assert.Single(RedisUrl.ToOptions("redis://s1:6379").EndPoints));
    }
}
