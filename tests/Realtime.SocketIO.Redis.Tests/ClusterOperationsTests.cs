using System.Text.Json;
using Realtime.SocketIO.Redis.Tests.Hosting;
using Realtime.Testing;

namespace Realtime.SocketIO.Redis.Tests;

public sealed class ClusterOperationsTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task Sockets_on_another_server_join_leave_and_disconnect_on_request()
    {
        await using var cluster = await RedisCluster.StartAsync(2);
        await using var clients = await NodeClients.ConnectAsync([("a", cluster[0].Url, []), ("b", cluster[1].Url, [])]);
        await cluster.WaitForBackplaneAsync();
        var b = clients.SocketId("b")!;

        cluster[0].Main.To(b).SocketsJoin("vip");
        await Eventually.TrueAsync(() => cluster[1].Adapter.SocketRooms(b).Contains("vip"), Wait, "b joined vip");
        await cluster.WaitForBackplaneAsync();
        cluster[0].Main.To("vip").Emit("welcome");
        await clients.WaitForAsync("b", "welcome");

        cluster[0].Main.To(b).SocketsLeave("vip");
        await Eventually.TrueAsync(() => !cluster[1].Adapter.SocketRooms(b).Contains("vip"), Wait, "b left vip");

        cluster[0].Main.To(b).DisconnectSockets(close: true);
        await Eventually.TrueAsync(() => clients.WasDisconnected("b"), Wait, "b disconnected");
        Assert.False(clients.WasDisconnected("a"));
    }

    [Fact]
    public async Task FetchSockets_and_allRooms_include_the_other_servers()
    {
        await using var cluster = await RedisCluster.StartAsync(3);
        await using var clients = await NodeClients.ConnectAsync([
            ("a", cluster[0].Url, ["lobby"]),
            ("b", cluster[1].Url, ["lobby", "kitchen"]),
            ("c", cluster[2].Url, []),
        ]);
        await cluster.WaitForBackplaneAsync();

        var sockets = await cluster[0].Main.To("lobby").FetchSocketsAsync();
        var rooms = await cluster[2].Adapter.AllRoomsAsync();

        Assert.Equal(new[] { clients.SocketId("a"), clients.SocketId("b") }.Order(), sockets.Select(s => s.Id).Order());
        var remote = sockets.Single(s => s.Id == clients.SocketId("b"));
        Assert.Contains("kitchen", remote.Rooms);
        Assert.StartsWith("/socket.io/", remote.Handshake.Url, StringComparison.Ordinal);
        Assert.Contains("lobby", rooms);
        Assert.Contains("kitchen", rooms);
        Assert.Contains(clients.SocketId("c")!, rooms);
    }

    [Fact]
    public async Task ServerSideEmit_reaches_the_other_servers_but_not_the_sender()
    {
        await using var cluster = await RedisCluster.StartAsync(3);
        var received = new[] { new TaskCompletionSource<string>(), new TaskCompletionSource<string>(), new TaskCompletionSource<string>() };
        for (var i = 0; i < 3; i++)
        {
            var index = i;
            cluster[i].Main.OnServerSideEmit("hello", args => received[index].TrySetResult(args[0].GetString()!));
        }

        cluster[0].Main.ServerSideEmit("hello", "world");

        Assert.Equal("world", await received[1].Task.WaitAsync(Wait));
        Assert.Equal("world", await received[2].Task.WaitAsync(Wait));
        cluster[1].Main.ServerSideEmit("hello", "back");
        Assert.Equal("back", await received[0].Task.WaitAsync(Wait));
    }

    [Fact]
    public async Task A_broadcast_with_acks_collects_the_answers_of_clients_on_every_server()
    {
        await using var cluster = await RedisCluster.StartAsync(3);
        await using var clients = await NodeClients.ConnectAsync([
            ("a", cluster[0].Url, ["team"]),
            ("b", cluster[1].Url, ["team"]),
            ("c", cluster[2].Url, ["team"]),
            ("d", cluster[2].Url, []),
        ]);
        await cluster.WaitForBackplaneAsync();

        var answers = await cluster[0].Main.To("team").EmitWithAckAsync("question", 42);

        var names = answers.Select(answer => answer[0].GetProperty("client").GetString()).Order();
        Assert.Equal(["a", "b", "c"], names);
    }

    [Fact]
    public async Task ServerCount_counts_every_server_subscribed_to_the_namespace()
    {
        await using var cluster = await RedisCluster.StartAsync(3);

        Assert.Equal(3, await cluster[1].Adapter.ServerCountAsync());
    }

    [Fact]
    public async Task FetchSockets_gives_up_after_the_requests_timeout_when_a_server_stays_silent()
    {
        await using var cluster = await RedisCluster.StartAsync(1, options => options.RequestsTimeout = TimeSpan.FromMilliseconds(500));
        // A subscriber that never answers makes PUBSUB NUMSUB count a second server.
        await using var silent = NodeScript.Start("redis-silent-subscriber.js", new Dictionary<string, string>
        {
            ["port"] = cluster.Redis.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["channel"] = "socket.io-request#/#",
        });
        await Eventually.TrueAsync(async () => await cluster[0].Adapter.ServerCountAsync() == 2, Wait, "the silent subscriber is counted");

        var error = await Assert.ThrowsAsync<TimeoutException>(async () => await cluster[0].Main.FetchSocketsAsync());

        Assert.Contains("only 0 responses received out of 1", error.Message, StringComparison.Ordinal);
    }
}
