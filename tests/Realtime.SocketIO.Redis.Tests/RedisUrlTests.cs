namespace Realtime.SocketIO.Redis.Tests;

public sealed class RedisUrlTests
{
    [Theory]
    [InlineData("redis://127.0.0.1:6380", "127.0.0.1:6380")]
    [InlineData("redis://redis", "redis:6379")]
    [InlineData("redis://:s3cret@redis:6379/2", "redis:6379,password=s3cret,defaultDatabase=2")]
    [InlineData("redis://app:p%40ss@redis:6379", "redis:6379,user=app,password=p@ss")]
    [InlineData("redis://token@redis", "redis:6379,password=token")]
    [InlineData("rediss://redis:6380", "redis:6380,ssl=true")]
    [InlineData("127.0.0.1:6379,password=x", "127.0.0.1:6379,password=x")]
    public void Turns_urls_into_configuration_strings(string url, string configuration)
    {
        Assert.Equal(configuration, RedisUrl.ToConfiguration(url));
    }

    [Theory]
    [InlineData("http://redis:6379")]
    [InlineData("redis://:pw@redis/notanumber")]
    public void Rejects_what_is_not_a_redis_url_without_echoing_the_password(string url)
    {
        var error = Assert.Throws<FormatException>(() => RedisUrl.ToConfiguration(url));

        Assert.DoesNotContain(":pw@", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Redacts_the_password_for_logs()
    {
        Assert.Equal("redis://***@redis:6379", RedisUrl.Redact("redis://:s3cret@redis:6379"));
    }
}
