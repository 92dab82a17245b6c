using System.Globalization;
using Realtime.SocketIO.Redis.Tests.Hosting;
using Realtime.Testing;

namespace Realtime.SocketIO.Redis.Tests;

/// <summary>Our servers sharing one Redis with the official Node emitter and a Node socket.io server.</summary>
public sealed class NodeInteropTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(8);

    [Fact]
    public async Task The_node_emitter_reaches_clients_on_our_servers()
    {
        await using var cluster = await RedisCluster.StartAsync(2);
        await using var clients = await NodeClients.ConnectAsync([
            ("a", cluster[0].Url, ["room1"]),
            ("b", cluster[1].Url, ["room1"]),
            ("c", cluster[1].Url, []),
        ]);
        await cluster.WaitForBackplaneAsync();

        await EmitterAsync(cluster, ("action", "emit"), ("room", "room1"), ("event", "chat"), ("arg", "\"hi\""), ("binary", "0102"));
        await EmitterAsync(cluster, ("action", "emit"), ("event", "news"), ("arg", "{\"n\":1}"));
        await Task.WhenAll(clients.WaitForAsync("a", "chat"), clients.WaitForAsync("b", "chat"), clients.WaitForAsync("c", "news"));

        Assert.Equal("""["hi",{"hex":"0102"}]""", clients.Received("b", "chat").Single().GetRawText());
        Assert.Empty(clients.Received("c", "chat"));

        await EmitterAsync(cluster, ("action", "join"), ("room", clients.SocketId("c")!), ("rooms", "room2"));
        await Eventually.TrueAsync(() => cluster[1].Adapter.SocketRooms(clients.SocketId("c")!).Contains("room2"), Wait, "c joined room2");
        await cluster.WaitForBackplaneAsync();
        await EmitterAsync(cluster, ("action", "emit"), ("room", "room2"), ("event", "vip"));
        await clients.WaitForAsync("c", "vip");

        await EmitterAsync(cluster, ("action", "leave"), ("room", "room1"), ("rooms", "room1"));
        await Eventually.TrueAsync(() => !cluster[0].Adapter.SocketRooms(clients.SocketId("a")!).Contains("room1"), Wait, "a left room1");

        await EmitterAsync(cluster, ("action", "disconnect"), ("room", clients.SocketId("b")!));
        await Eventually.TrueAsync(() => clients.WasDisconnected("b"), Wait, "b was disconnected");
        Assert.False(clients.WasDisconnected("a"));
    }

    [Fact]
    public async Task Broadcasts_cross_both_ways_with_a_node_server_on_the_same_redis()
    {
        await using var cluster = await RedisCluster.StartAsync(1);
        await using var node = await NodeSocketIOServer.StartAsync(cluster.Redis);
        await using var clients = await NodeClients.ConnectAsync([
            ("ours", cluster[0].Url, ["lobby"]),
            ("theirs", node.Url, ["lobby"]),
            ("outsider", node.Url, []),
        ]);
        await cluster.WaitForBackplaneAsync();

        cluster[0].Main.To("lobby").Emit("from-dotnet", 1);
        await node.ControlAsync("emit", ("room", "lobby"), ("event", "from-node"), ("arg", "2"));
        await Task.WhenAll(clients.WaitForAsync("theirs", "from-dotnet"), clients.WaitForAsync("ours", "from-node"));

        cluster[0].Main.Emit("fence");
        await clients.WaitForAsync("outsider", "fence");
        Assert.Empty(clients.Received("outsider", "from-dotnet"));
        Assert.Equal("[1]", clients.Received("theirs", "from-dotnet").Single().GetRawText());
    }

    [Fact]
    public async Task The_node_server_counts_fetches_and_asks_our_server()
    {
        await using var cluster = await RedisCluster.StartAsync(1);
        await using var node = await NodeSocketIOServer.StartAsync(cluster.Redis);
        await using var clients = await NodeClients.ConnectAsync([
            ("ours", cluster[0].Url, ["lobby"]),
            ("theirs", node.Url, ["lobby"]),
        ]);
        await cluster.WaitForBackplaneAsync();

        var count = await node.ControlAsync("server-count");
        var fetched = await node.ControlAsync("fetch", ("room", "lobby"));
        var acks = await node.ControlAsync("emit-with-ack", ("room", "lobby"), ("event", "question"));

        Assert.Equal(2, count.GetProperty("count").GetInt32());
        var ids = fetched.GetProperty("sockets").EnumerateArray().Select(s => s.GetProperty("id").GetString()).Order();
        Assert.Equal(new[] { clients.SocketId("ours"), clients.SocketId("theirs") }.Order(), ids);
        var ours = fetched.GetProperty("sockets").EnumerateArray().Single(s => s.GetProperty("id").GetString() == clients.SocketId("ours"));
        Assert.Contains("lobby", ours.GetProperty("rooms").EnumerateArray().Select(r => r.GetString()));
        var answered = acks.GetProperty("responses").EnumerateArray().Select(r => r.GetProperty("client").GetString()).Order();
        Assert.Equal(["ours", "theirs"], answered);
    }

    [Fact]
    public async Task Our_server_counts_fetches_and_asks_the_node_server()
    {
        await using var cluster = await RedisCluster.StartAsync(1);
        await using var node = await NodeSocketIOServer.StartAsync(cluster.Redis);
        await using var clients = await NodeClients.ConnectAsync([
            ("ours", cluster[0].Url, ["lobby"]),
            ("theirs", node.Url, ["lobby"]),
        ]);
        await cluster.WaitForBackplaneAsync();

        var sockets = await cluster[0].Main.To("lobby").FetchSocketsAsync();
        var answers = await cluster[0].Main.To("lobby").EmitWithAckAsync("question");

        Assert.Equal(2, await cluster[0].Adapter.ServerCountAsync());
        Assert.Equal(new[] { clients.SocketId("ours"), clients.SocketId("theirs") }.Order(), sockets.Select(s => s.Id).Order());
        Assert.Contains("lobby", sockets.Single(s => s.Id == clients.SocketId("theirs")).Rooms);
        Assert.Equal(["ours", "theirs"], answers.Select(a => a[0].GetProperty("client").GetString()).Order());
    }

    [Fact]
    public async Task ServerSideEmit_crosses_between_node_and_our_server()
    {
        await using var cluster = await RedisCluster.StartAsync(1);
        await using var node = await NodeSocketIOServer.StartAsync(cluster.Redis);
        var fromNode = new TaskCompletionSource<string>();
        cluster[0].Main.OnServerSideEmit("hello", args => fromNode.TrySetResult(args[0].GetRawText()));
        await Eventually.TrueAsync(async () => await cluster[0].Adapter.ServerCountAsync() == 2, Wait, "both servers subscribed");

        await node.ControlAsync("server-side-emit", ("event", "hello"), ("arg", "{\"from\":\"node\"}"));
        cluster[0].Main.ServerSideEmit("hello", "from-dotnet");

        Assert.Equal("""{"from":"node"}""", await fromNode.Task.WaitAsync(Wait));
        await Eventually.TrueAsync(async () => (await node.ControlAsync("received")).GetProperty("events").GetArrayLength() == 1, Wait,
            "the node server received our server-side event");
        var received = (await node.ControlAsync("received")).GetProperty("events")[0];
        Assert.Equal("""["from-dotnet"]""", received.GetProperty("args").GetRawText());
    }

    [Fact]
    public async Task A_node_servers_serverSideEmitWithAck_gets_our_answer()
    {
        await using var cluster = await RedisCluster.StartAsync(1);
        await using var node = await NodeSocketIOServer.StartAsync(cluster.Redis);
        cluster[0].Main.OnServerSideEmit("question", (args, ack) => ack?.Invoke(new { from = "dotnet", got = args[0].GetString() }));
        await Eventually.TrueAsync(async () => await cluster[0].Adapter.ServerCountAsync() == 2, Wait, "both servers subscribed");

        var answer = await node.ControlAsync("server-side-emit-with-ack", ("event", "question"));

        Assert.Equal("""[{"from":"dotnet","got":"ask"}]""", answer.GetProperty("responses").GetRawText());
    }

    private static Task EmitterAsync(RedisCluster cluster, params (string Key, string Value)[] arguments)
    {
        var dictionary = arguments.ToDictionary(a => a.Key, a => a.Value);
        dictionary["port"] = cluster.Redis.Port.ToString(CultureInfo.InvariantCulture);
        return NodeScript.RunAsync("redis-emitter-action.js", dictionary, TimeSpan.FromSeconds(10));
    }
}
