using System.Net;
using StackExchange.Redis;

namespace Realtime.SocketIO.Redis.Tests;

public sealed class RedisUrlTests
{
    [Theory]
    [InlineData("redis://127.0.0.1:6380", "127.0.0.1:6380", null, null, null, false)]
    [InlineData("redis://redis", "redis:6379", null, null, null, false)]
    [InlineData("redis://:s3cret@redis:6379/2", "redis:6379", null, "s3cret", 2, false)]
    [InlineData("redis://app:p%40ss@redis:6379", "redis:6379", "app", "p@ss", null, false)]
    [InlineData("redis://token@redis", "redis:6379", null, "token", null, false)]
    [InlineData("rediss://redis:6380", "redis:6380", null, null, null, true)]
    [InlineData("redis://[::1]:6390", "[::1]:6390", null, null, null, false)]
    public void Builds_the_options_from_the_parts_of_the_url(string url, string endpoint, string? user, string? password,
        int? database, bool ssl)
    {
        var options = RedisUrl.ToOptions(url);

        Assert.Equal(endpoint, RedisUrl.Describe(Assert.Single(options.EndPoints)));
        Assert.Equal(user, options.User);
        Assert.Equal(password, options.Password);
        Assert.Equal(database, options.DefaultDatabase);
        Assert.Equal(ssl, options.Ssl);
    }

    /// <summary>Each character that a configuration string or a URL gives a meaning to, URL-encoded in the URL.</summary>
    [Theory]
    [InlineData("Pa,ss")]
    [InlineData("Pa=ss,ssl=true,abortConnect=false,Secret9")]
    [InlineData("p@ss:w/o%rd")]
    [InlineData(",=@:/%")]
    public void A_password_with_separators_stays_one_password_and_adds_no_options(string password)
    {
        var options = RedisUrl.ToOptions($"redis://app:{Uri.EscapeDataString(password)}@10.0.0.7:6390");

        Assert.Equal(password, options.Password);
        Assert.Equal("app", options.User);
        Assert.Equal("10.0.0.7:6390", RedisUrl.Describe(Assert.Single(options.EndPoints)));
        Assert.False(options.Ssl);
        Assert.Equal(new ConfigurationOptions().AbortOnConnectFail, options.AbortOnConnectFail);
    }

    [Fact]
    public void A_configuration_string_is_still_accepted_as_such()
    {
        var options = RedisUrl.ToOptions("127.0.0.1:6379,password=x");

        Assert.Equal("x", options.Password);
        Assert.IsType<IPEndPoint>(Assert.Single(options.EndPoints));
    }

    [Fact]
    public void An_invalid_configuration_string_is_refused_without_quoting_it()
    {
        var error = Assert.Throws<FormatException>(() => RedisUrl.ToOptions("127.0.0.1:6379,password=a,ss-Secret9=1"));

        Assert.DoesNotContain("Secret9", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://redis:6379")]
    [InlineData("redis://:pw@redis/notanumber")]
    public void Rejects_what_is_not_a_redis_url_without_echoing_the_password(string url)
    {
        var error = Assert.Throws<FormatException>(() => RedisUrl.ToOptions(url));

        Assert.DoesNotContain(":pw@", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Redacts_the_password_for_logs()
    {
        Assert.Equal("redis://***@redis:6379", RedisUrl.Redact("redis://:s3cret@redis:6379"));
    }
}
