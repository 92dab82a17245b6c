using Realtime.SocketIO.Redis.Tests.Hosting;
using Realtime.Testing;

namespace Realtime.SocketIO.Redis.Tests;

/// <summary>
/// The commands the backplane uses, against Valkey 8 (Debian's package) as against Redis 7: per-room SUBSCRIBE and
/// the Node adapter's PSUBSCRIBE, an ACL user with a password, the request/response channels (fetchSockets,
/// serverSideEmit, PUBSUB NUMSUB) and Sentinel (valkey-sentinel) following a killed master.
/// </summary>
public sealed class ValkeyCompatibilityTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [ValkeyFact]
    public async Task Room_broadcasts_cross_servers_per_room_and_by_pattern_for_an_acl_user()
    {
        await using var valkey = await RedisServer.StartAsync("admin-pass", binaries: RedisBinaries.Valkey());
        Assert.StartsWith("Valkey", valkey.Binaries.Name, StringComparison.Ordinal);
        Assert.Equal("valkey", await valkey.InfoFieldAsync("server", "server_name"));
        Assert.Equal("+OK", await valkey.CommandAsync("ACL", "SETUSER", "app", "on", ">a,p@ss:w/rd", "~*", "&*", "+@all"));
        var url = valkey.UrlFor("app", "a,p@ss:w/rd");
        await using var first = await RedisBackedServer.StartAsync([url]);
        await using var second = await RedisBackedServer.StartAsync([url]);
        await using var third = await RedisBackedServer.StartAsync([url], options => options.SubscriptionMode = SubscriptionMode.Pattern);
        await using var clients = await NodeClients.ConnectAsync([("a", first.Url, ["lobby"]), ("b", second.Url, ["lobby"]), ("c", third.Url, ["lobby"])]);
        await Task.WhenAll(first.WaitForBackplaneAsync(), second.WaitForBackplaneAsync(), third.WaitForBackplaneAsync());

        first.Main.To("lobby").Emit("per-room", 1);
        third.Main.To("lobby").Emit("from-pattern", 2);

        await clients.WaitForAsync("b", "per-room");
        await clients.WaitForAsync("c", "per-room");
        await clients.WaitForAsync("a", "from-pattern");
        await clients.WaitForAsync("b", "from-pattern");
    }

    [ValkeyFact]
    public async Task Requests_and_responses_cross_servers()
    {
        await using var valkey = await RedisServer.StartAsync("pw", binaries: RedisBinaries.Valkey());
        await using var first = await RedisBackedServer.StartAsync([valkey.Url]);
        await using var second = await RedisBackedServer.StartAsync([valkey.Url]);
        await using var clients = await NodeClients.ConnectAsync([("a", first.Url, ["lobby"]), ("b", second.Url, ["lobby"])]);
        await Task.WhenAll(first.WaitForBackplaneAsync(), second.WaitForBackplaneAsync());
        var heard = new TaskCompletionSource<string>();
        second.Main.OnServerSideEmit("hello", args => heard.TrySetResult(args[0].GetString()!));

        var sockets = await first.Main.To("lobby").FetchSocketsAsync();
        first.Main.ServerSideEmit("hello", "valkey");

        Assert.Equal(new[] { clients.SocketId("a"), clients.SocketId("b") }.Order(), sockets.Select(s => s.Id).Order());
        Assert.Equal(2, await first.Adapter.ServerCountAsync());
        Assert.Equal("valkey", await heard.Task.WaitAsync(Wait));
    }

    [ValkeyFact]
    public async Task Valkey_sentinel_failover_is_followed()
    {
        await using var group = await RedisSentinelGroup.StartAsync(binaries: RedisBinaries.Valkey());
        await using var first = await RedisBackedServer.StartAsync([group.Url()]);
        await using var second = await RedisBackedServer.StartAsync([group.Url()]);
        await using var clients = await NodeClients.ConnectAsync([("a", first.Url, ["lobby"]), ("b", second.Url, ["lobby"])]);
        await Task.WhenAll(first.WaitForBackplaneAsync(), second.WaitForBackplaneAsync());

        await group.Nodes[0].StopAsync();
        var promoted = await group.WaitForFailoverAsync(group.Nodes[0], Wait);
        await Eventually.TrueAsync(() => new[] { first, second }.All(server => server.Backplane.IsListening
                && server.Backplane.Description.Contains($"at 127.0.0.1:{promoted.Port}", StringComparison.Ordinal)),
            Wait, $"both pods listen on the promoted master ({first.Backplane.Description})");
        first.Main.To("lobby").Emit("after", 1);

        await clients.WaitForAsync("b", "after");
    }
}
