using System.Globalization;
using Realtime.SocketIO.Redis.Tests.Hosting;
using Realtime.Testing;

namespace Realtime.SocketIO.Redis.Tests;

/// <summary>
/// The Redis side of connection state recovery: the log stays within its byte cap at the shipped default, and the
/// wire stays what a Node socket.io server on the same Redis expects.
/// </summary>
public sealed class RecoveryLogTests
{
    private const string LogKey = "socket.io#/#recovery-log";

    [Fact]
    public async Task The_log_stays_within_the_shipped_64_mib_cap_and_redis_memory_with_it()
    {
        var cap = new ConnectionStateRecoveryOptions().MaxLogBytes;
        await using var cluster = await RedisCluster.StartAsync(1,
            socketIO: options => options.ConnectionStateRecovery = new ConnectionStateRecoveryOptions());
        var payload = new string('x', 64 * 1024);
        var count = (int)(cap / payload.Length) + 200;

        for (var i = 0; i < count; i++)
        {
            cluster[0].Main.Emit("bulk", i, payload);
        }

        await Eventually.TrueAsync(() => Sent(cluster) == count, TimeSpan.FromSeconds(30), "every broadcast was logged");
        var counted = long.Parse(await cluster.Redis.BulkCommandAsync("GET", LogKey + "-bytes"), CultureInfo.InvariantCulture);
        var memory = Integer(await cluster.Redis.CommandAsync("MEMORY", "USAGE", LogKey, "SAMPLES", "0"));
        var entries = Integer(await cluster.Redis.CommandAsync("XLEN", LogKey));

        Assert.Equal(count, cluster[0].Backplane.Counters.Published);
        Assert.InRange(counted, cap - (2 * (payload.Length + 1024)), cap);
        Assert.InRange(entries, 900, count - 150);
        // Measured: Redis spends about 1.25x the counted bytes on 64 KiB entries (jemalloc rounds each 65 KiB node up to
        // its 80 KiB size class); the bound is what a user sizes Redis for.
        Assert.InRange(memory, cap * 9 / 10, cap * 13 / 10);
    }

    [Fact]
    public async Task A_node_server_with_recovery_on_and_ours_on_one_redis_deliver_each_others_broadcasts_with_exactly_their_arguments()
    {
        await using var cluster = await RedisCluster.StartAsync(1,
            socketIO: options => options.ConnectionStateRecovery = new ConnectionStateRecoveryOptions());
        await using var node = await NodeSocketIOServer.StartAsync(cluster.Redis, recovery: true);
        await using var clients = await NodeClients.ConnectAsync([
            ("ours", cluster[0].Url, ["lobby"]),
            ("theirs", node.Url, ["lobby"]),
        ]);
        await cluster.WaitForBackplaneAsync();

        cluster[0].Main.To("lobby").Emit("from-dotnet", 1, "two");
        cluster[0].Main.Emit("everyone", 3);
        await node.ControlAsync("emit", ("room", "lobby"), ("event", "from-node"), ("arg", "4"));
        await Task.WhenAll(clients.WaitForAsync("theirs", "from-dotnet"), clients.WaitForAsync("theirs", "everyone"),
            clients.WaitForAsync("ours", "from-node"), clients.WaitForAsync("ours", "everyone"));

        Assert.Equal("""[1,"two"]""", clients.Received("theirs", "from-dotnet").Single().GetRawText());
        Assert.Equal("[3]", clients.Received("theirs", "everyone").Single().GetRawText());
        Assert.Equal("[4]", clients.Received("ours", "from-node").Single().GetRawText());
        var ours = clients.Received("ours", "from-dotnet").Single();
        Assert.Equal(3, ours.GetArrayLength());
        Assert.Matches("^[0-9]+-[0-9]+$", ours[2].GetString()!);
    }

    private static long Sent(RedisCluster cluster)
    {
        var counters = cluster[0].Backplane.Counters;
        return counters.Published + counters.Dropped + counters.PublishFailures;
    }

    private static long Integer(string reply) => long.Parse(reply.AsSpan(1), CultureInfo.InvariantCulture);
}
