using System.Globalization;
using Realtime.Testing;

namespace Realtime.Cluster.Tests;

/// <summary>Three pods + Redis behind the cookie-sticky proxy: the setup the operator produces.</summary>
public sealed class StickyClusterTests
{
    [Fact]
    public async Task Default_transport_clients_connect_and_a_room_message_reaches_members_on_every_pod_only()
    {
        await using var pods = await Pods.StartAsync(BalancingMode.StickyCookie);
        await pods.WaitUntilAllPodsSubscribedAsync();
        var members = Enumerable.Range(0, 6).Select(i => ($"m{i}", pods.ProxyUrl, new[] { "lobby" })).ToList();
        var outsiders = Enumerable.Range(0, 3).Select(i => ($"o{i}", pods.ProxyUrl, new[] { "elsewhere" })).ToList();
        await using var clients = await NodeClients.ConnectAsync([.. members, .. outsiders], keepCookies: true);
        // Every pod subscribes to the lobby's channel only while it has a member: three subscribers, three pods.
        await Eventually.TrueAsync(async () => await RoomSubscribersAsync(pods, "lobby") == 3, TimeSpan.FromSeconds(20),
            "the lobby's members are spread over all three pods");

        await PublishAsync(pods.Servers[0].Url, "lobby", "chat", "\"hello\"");
        await Task.WhenAll(members.Select(m => clients.WaitForAsync(m.Item1, "chat")));
        // A message to everyone is the fence after which the outsiders would have had the room message.
        await PublishAsync(pods.Servers[1].Url, null, "all", "1");
        await Task.WhenAll(outsiders.Select(o => clients.WaitForAsync(o.Item1, "all")));

        Assert.All(members, m => Assert.Equal("""["hello"]""", clients.Received(m.Item1, "chat").Single().GetRawText()));
        Assert.All(outsiders, o => Assert.Empty(clients.Received(o.Item1, "chat")));
    }

    [Fact]
    public async Task Api_emits_on_any_pod_reach_the_whole_room()
    {
        await using var pods = await Pods.StartAsync(BalancingMode.StickyCookie);
        await pods.WaitUntilAllPodsSubscribedAsync();
        var members = Enumerable.Range(0, 6).Select(i => ($"m{i}", pods.ProxyUrl, new[] { "news" })).ToList();
        await using var clients = await NodeClients.ConnectAsync(members, keepCookies: true);

        for (var i = 0; i < pods.Servers.Count; i++)
        {
            await pods.EmitThroughApiAsync(pods.Servers[i], "news", "headline", new { from = pods.Servers[i].PodName });
        }

        await Task.WhenAll(members.Select(m => clients.WaitForAsync(m.Item1, "headline", pods.Servers.Count)));
        var senders = clients.Received("m0", "headline").Select(args => args[0].GetProperty("from").GetString()).Order();
        Assert.Equal(["pod-0", "pod-1", "pod-2"], senders);
    }

    [Fact]
    public async Task Clients_of_a_killed_pod_reconnect_to_a_survivor_and_get_later_room_messages()
    {
        await using var pods = await Pods.StartAsync(BalancingMode.StickyCookie);
        await pods.WaitUntilAllPodsSubscribedAsync();
        var members = Enumerable.Range(0, 6).Select(i => ($"m{i}", pods.ProxyUrl, new[] { "lobby" })).ToList();
        await using var clients = await NodeClients.ConnectAsync(members, keepCookies: true);

        pods.Servers[0].Kill();
        var orphans = new List<string>();
        await Eventually.TrueAsync(() =>
        {
            orphans = members.Select(m => m.Item1).Where(clients.WasDisconnected).ToList();
            return orphans.Count > 0 && orphans.All(name => clients.ConnectCount(name) >= 2);
        }, TimeSpan.FromSeconds(30), "the killed pod's clients reconnected through the proxy");
        await pods.WaitUntilAllPodsSubscribedAsync();
        await PublishAsync(pods.Servers[2].Url, "lobby", "after", "2");

        await Task.WhenAll(members.Select(m => clients.WaitForAsync(m.Item1, "after")));
    }

    [Fact]
    public async Task Cross_pod_delivery_resumes_after_redis_restarts()
    {
        await using var pods = await Pods.StartAsync(BalancingMode.StickyCookie);
        await pods.WaitUntilAllPodsSubscribedAsync();
        var members = Enumerable.Range(0, 6).Select(i => ($"m{i}", pods.ProxyUrl, new[] { "lobby" })).ToList();
        await using var clients = await NodeClients.ConnectAsync(members, keepCookies: true);

        await pods.Redis.StopAsync();
        await pods.Redis.StartAgainAsync();
        await pods.WaitUntilAllPodsSubscribedAsync();
        await pods.WaitUntilAllPodsConnectedAsync();
        await Eventually.TrueAsync(async () => await RoomSubscribersAsync(pods, "lobby") >= 2, TimeSpan.FromSeconds(20),
            "the pods subscribed to the lobby channel again");
        await PublishAsync(pods.Servers[1].Url, "lobby", "after", "3");

        await Task.WhenAll(members.Select(m => clients.WaitForAsync(m.Item1, "after")));
    }

    private static async Task<int> RoomSubscribersAsync(Pods pods, string room)
    {
        var line = await pods.Redis.CommandAsync("EVAL", "return redis.call('PUBSUB','NUMSUB',ARGV[1])[2]", "0", $"socket.io#/#{room}#");
        return int.Parse(line.AsSpan(1), CultureInfo.InvariantCulture);
    }

    private static Task PublishAsync(string url, string? room, string eventName, string data)
    {
        var arguments = new Dictionary<string, string> { ["url"] = url, ["event"] = eventName, ["data"] = data };
        if (room is not null)
        {
            arguments["room"] = room;
        }

        return NodeScript.RunAsync("cluster-publish.js", arguments, TimeSpan.FromSeconds(10));
    }
}
