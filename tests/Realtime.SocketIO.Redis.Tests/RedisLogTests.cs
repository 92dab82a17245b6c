using Realtime.SocketIO.Redis.Tests.Hosting;
using Realtime.Testing;

namespace Realtime.SocketIO.Redis.Tests;

/// <summary>The backplane logs through source-generated messages, so each line has an event id and name to filter on.</summary>
public sealed class RedisLogTests
{
    [Fact]
    public async Task Backplane_log_lines_carry_an_event_id_and_name()
    {
        await using var redis = await RedisServer.StartAsync();
        var logs = new CapturedLogs();
        await using var server = await RedisBackedServer.StartAsync([redis.Configuration], logs: logs);
        await server.WaitForBackplaneAsync();

        await Eventually.TrueAsync(() => logs.Contains("[1 ShardConnected]: Redis backplane"), TimeSpan.FromSeconds(10),
            "the shard connection is logged with its event");
        await Eventually.TrueAsync(() => logs.Contains("[9 SubscriberConnected]: Redis subscriber"),
            TimeSpan.FromSeconds(10), "the subscriber connection is logged with its event");
    }
}
