using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Realtime.SocketIO.Redis.Tests;

/// <summary><c>AddSocketIORedis</c> registers options like the other layers: configured lazily, validated on start.</summary>
public sealed class RedisRegistrationTests
{
    [Fact]
    public void Configure_runs_when_the_options_are_first_read_and_later_Configure_calls_apply_too()
    {
        var runs = 0;
        var services = new ServiceCollection()
            .AddLogging()
            .AddSocketIO()
            .AddSocketIORedis(options =>
            {
                runs++;
                options.Configurations.Add("127.0.0.1:1");
            })
            .Configure<RedisAdapterOptions>(options => options.KeyPrefix = "app");

        Assert.Equal(0, runs);
        Assert.DoesNotContain(services, descriptor => descriptor.ServiceType == typeof(RedisAdapterOptions));
        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<RedisAdapterOptions>>().Value;

        Assert.Equal(1, runs);
        Assert.Equal("app", options.KeyPrefix);
        Assert.Equal(["127.0.0.1:1"], options.Configurations);
    }

    [Fact]
    public async Task Options_without_a_redis_stop_the_host_from_starting_and_name_the_setting()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSocketIO();
        builder.Services.AddSocketIORedis();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("RedisAdapterOptions.Configurations", error.Message, StringComparison.Ordinal);
    }
}
