using Microsoft.Extensions.Options;
using Realtime.SocketIO.Redis.Hosting;

namespace Realtime.SocketIO.Redis.Tests;

public sealed class RedisAdapterOptionsTests
{
    [Fact]
    public void Valid_defaults_need_only_a_redis()
    {
        var options = new RedisAdapterOptions();
        options.Configurations.Add("127.0.0.1:6379");

        var result = new RedisAdapterOptionsValidator().Validate(Options.DefaultName, options);

        Assert.True(result.Succeeded, result.FailureMessage);
        Assert.Equal("socket.io", options.KeyPrefix);
        Assert.Equal(TimeSpan.FromSeconds(5), options.RequestsTimeout);
        Assert.Equal(12, options.ServerUid.Length);
        Assert.NotEqual(options.ServerUid, new RedisAdapterOptions().ServerUid);
    }

    public static TheoryData<string, Action<RedisAdapterOptions>> Invalid => new()
    {
        { "Configurations", options => options.Configurations.Clear() },
        { "KeyPrefix", options => options.KeyPrefix = "a#b" },
        { "RequestsTimeout", options => options.RequestsTimeout = TimeSpan.Zero },
        { "ServerUid", options => options.ServerUid = "" },
        { "Pattern", options => options.Configurations.Add("127.0.0.1:6380") },
        { "PublishQueueCapacity", options => options.PublishQueueCapacity = 0 },
        { "MaxReconnectBackoff", options => options.MaxReconnectBackoff = TimeSpan.Zero },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Names_the_setting_that_cannot_work(string setting, Action<RedisAdapterOptions> breakIt)
    {
        var options = new RedisAdapterOptions { SubscriptionMode = setting == "Pattern" ? SubscriptionMode.Pattern : SubscriptionMode.PerRoom };
        options.Configurations.Add("127.0.0.1:6379");
        breakIt(options);

        var result = new RedisAdapterOptionsValidator().Validate(Options.DefaultName, options);

        Assert.True(result.Failed);
        Assert.Contains(setting, result.FailureMessage, StringComparison.Ordinal);
    }
}
