using Realtime.Operator.Builders;

namespace Realtime.Operator.Tests.Builders;

public sealed class RedisSecretBuilderTests
{
    [Fact]
    public void Holds_the_given_password_and_the_url_with_it()
    {
        var secret = RedisSecretBuilder.Build(TestClusters.Create(), "p4ss");

        Assert.Equal("chat-redis-auth", secret.Metadata.Name);
        Assert.Equal("p4ss", secret.StringData["password"]);
        Assert.Equal("redis://:p4ss@chat-redis:6379", secret.StringData["urls"]);
        Assert.Equal("requirepass \"p4ss\"\n", secret.StringData[RedisServerArguments.AuthConfigKey]);
    }

    [Fact]
    public void Lists_every_shard_in_the_urls()
    {
        var secret = RedisSecretBuilder.Build(TestClusters.Create(spec => spec.Redis.Shards = 3), "p");

        Assert.Equal("redis://:p@chat-redis-0:6379,redis://:p@chat-redis-1:6379,redis://:p@chat-redis-2:6379", secret.StringData["urls"]);
    }

    [Fact]
    public void Is_the_same_for_the_same_password()
    {
        var cluster = TestClusters.Create();

        Assert.Equal(k8s.KubernetesYaml.Serialize(RedisSecretBuilder.Build(cluster, "same")), k8s.KubernetesYaml.Serialize(RedisSecretBuilder.Build(cluster, "same")));
    }

    [Fact]
    public void Percent_encodes_the_password_inside_the_url()
    {
        var secret = RedisSecretBuilder.Build(TestClusters.Create(), "a@b/c:d");

        Assert.Equal("a@b/c:d", secret.StringData["password"]);
        Assert.Equal("redis://:a%40b%2Fc%3Ad@chat-redis:6379", secret.StringData["urls"]);
        Assert.Equal("a@b/c:d", Uri.UnescapeDataString(new Uri(secret.StringData["urls"]).UserInfo[1..]));
    }

    [Fact]
    public void Refuses_an_empty_password()
    {
        Assert.Throws<ArgumentException>(() => RedisSecretBuilder.Build(TestClusters.Create(), ""));
    }

    [Fact]
    public void Generated_passwords_are_long_url_safe_and_different()
    {
        var first = RedisPassword.Generate();
        var second = RedisPassword.Generate();

        Assert.NotEqual(first, second);
        Assert.True(first.Length >= 40);
        Assert.Matches("^[A-Za-z0-9_-]+$", first);
    }
}
