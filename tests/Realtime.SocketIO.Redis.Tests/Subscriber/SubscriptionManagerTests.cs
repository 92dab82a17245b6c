using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Realtime.SocketIO.Redis.Backplane;
using Realtime.Testing;

namespace Realtime.SocketIO.Redis.Tests.Subscriber;

public sealed class SubscriptionManagerTests
{
    [Fact]
    public async Task Rooms_created_one_after_another_are_each_subscribed_once()
    {
        await using var redis = await RedisServer.StartAsync();
        var options = new RedisAdapterOptions();
        options.Configurations.Add(redis.Configuration);
        await using var backplane = new RedisBackplane(Options.Create(options), NullLoggerFactory.Instance);
        await Eventually.TrueAsync(() => backplane.SubscriptionsInSync, TimeSpan.FromSeconds(8), "connected");
        await redis.CommandAsync("CONFIG", "RESETSTAT");

        // One at a time, as rooms are created while clients join: each wakes the loop while earlier ones may still
        // wait for their confirmation.
        for (var i = 0; i < 600; i++)
        {
            backplane.Subscriptions.Want(new SubscriptionKey(0, $"room-{i}", IsPattern: false), static _ => { });
            if (i % 10 == 0)
            {
                await Task.Yield();
            }
        }

        await Eventually.TrueAsync(() => backplane.SubscriptionsInSync && backplane.ActiveSubscriptions == 600,
            TimeSpan.FromSeconds(8), "all 600 channels are confirmed");
        // Redis answers every channel of a SUBSCRIBE with a confirmation of about 40 bytes; asking again for channels
        // whose confirmation is still on its way (as the loop did once, on every room created) multiplies them.
        var sent = long.Parse(await redis.InfoFieldAsync("stats", "total_net_output_bytes") ?? "0", CultureInfo.InvariantCulture);
        Assert.InRange(sent, 600 * 30, 40_000);
        Assert.Equal("600", (await redis.CommandAsync("EVAL", "return #redis.call('PUBSUB','CHANNELS','room-*')", "0"))[1..]);
    }
}
