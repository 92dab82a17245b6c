using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Realtime.EngineIO;

namespace Realtime.SocketIO.Tests.Hosting;

/// <summary>Each layer's options are plain <c>IOptions</c>: configured anywhere, validated when the host starts.</summary>
public sealed class OptionsRegistrationTests
{
    [Fact]
    public void A_users_Configure_of_EngineIOOptions_reaches_the_engine_under_SocketIO()
    {
        using var services = new ServiceCollection()
            .AddLogging()
            .AddSocketIO()
            .Configure<EngineIOOptions>(engine => engine.PingInterval = TimeSpan.FromSeconds(7))
            .BuildServiceProvider();

        Assert.Equal(TimeSpan.FromSeconds(7), services.GetRequiredService<EngineServer>().Options.PingInterval);
    }

    [Fact]
    public void The_attachment_limit_follows_the_configured_EngineIO_message_limit()
    {
        using var services = new ServiceCollection()
            .AddLogging()
            .AddSocketIO()
            .Configure<EngineIOOptions>(engine => engine.MaxHttpBufferSize = 4096)
            .BuildServiceProvider();

        Assert.Equal(4096, services.GetRequiredService<SocketIOServer>().MaxHttpBufferSize);
    }

    [Theory]
    [InlineData("AckTimeout")]
    [InlineData("ConnectTimeout")]
    public async Task Invalid_SocketIO_options_stop_the_host_from_starting_and_name_the_setting(string setting)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSocketIO(options =>
        {
            if (setting == "AckTimeout")
            {
                options.AckTimeout = TimeSpan.Zero;
            }
            else
            {
                options.ConnectTimeout = TimeSpan.FromSeconds(-1);
            }
        });
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains($"{setting} must be positive", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_EngineIO_options_given_after_AddSocketIO_stop_the_host_from_starting()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSocketIO();
        builder.Services.Configure<EngineIOOptions>(engine => engine.CorsOrigins = ["*"]);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("CorsOrigins must list exact origins", error.Message, StringComparison.Ordinal);
    }
}
