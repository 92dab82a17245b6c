using Realtime.EngineIO.Tests.Support;

namespace Realtime.EngineIO.Tests.Polling;

public class HeartbeatTests
{
    private static Task<EngineTestServer> StartFastHeartbeatAsync() => EngineTestServer.StartAsync(o =>
    {
        o.PingInterval = TimeSpan.FromMilliseconds(150);
        o.PingTimeout = TimeSpan.FromMilliseconds(300);
    });

    [Fact]
    public async Task Server_pings_and_closes_with_ping_timeout_when_no_pong_comes()
    {
        await using var server = await StartFastHeartbeatAsync();
        var client = await PollingClient.ConnectAsync(server.Http);

        Assert.Equal("2", await client.GetAsync());

        Assert.Equal(EngineCloseReasons.PingTimeout, await server.Handler.ClosedAsync(client.Sid));
        Assert.Equal(0, server.Engine.ConnectionCount);
    }

    [Fact]
    public async Task Answering_pings_keeps_the_session_alive()
    {
        await using var server = await StartFastHeartbeatAsync();
        var client = await PollingClient.ConnectAsync(server.Http);

        for (var i = 0; i < 6; i++)
        {
            Assert.Equal("2", await client.GetAsync());
            await client.PostAsync("3");
        }

        Assert.False(server.Handler.IsClosed(client.Sid));
        Assert.Equal(1, server.Engine.ConnectionCount);
    }
}
