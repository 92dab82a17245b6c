using System.Net;
using System.Text;
using Realtime.Testing;

namespace Realtime.Cluster.Tests;

/// <summary>
/// The examples a team brings (Flask-SocketIO with its Redis message_queue, Node socket.io with the Redis adapter),
/// three replicas each behind the sticky proxy and a password-protected Redis, reached by the official
/// socket.io-client: the setup a RealtimeCluster with <c>app.preset</c> FlaskSocketIO or NodeSocketIO produces.
/// </summary>
public sealed class OwnAppClusterTests
{
    public static TheoryData<string> Apps => new(OwnApp.FlaskSocketIO.Name, OwnApp.NodeSocketIO.Name);

    [Theory]
    [MemberData(nameof(Apps))]
    public async Task Clients_on_every_replica_see_every_broadcast_and_their_rooms_messages_only(string appName)
    {
        await using var pods = await OwnAppPods.StartAsync(OwnApp.Named(appName), BalancingMode.StickyCookie);
        await using var members = await ConnectOnePerReplicaAsync(pods, "m", "lobby");
        await using var outsiders = await ConnectOnePerReplicaAsync(pods, "o", "elsewhere");
        await WaitUntilEveryReplicaJoinedTheBackplaneAsync(pods);

        await pods.SendAsync("chat", """{"room":"lobby","text":"hi lobby"}""");
        // A message to everyone, sent after the room message, is the fence after which the outsiders would have had it.
        await pods.SendAsync("message", "\"hello everyone\"");

        foreach (var (clients, prefix) in new[] { (members, "m"), (outsiders, "o") })
        {
            await Task.WhenAll(Names(prefix).Select(name => clients.WaitForAsync(name, "response")));
            Assert.All(Names(prefix), name => Assert.Equal("hello everyone",
                clients.Received(name, "response").Single()[0].GetProperty("data").GetString()));
        }

        await Task.WhenAll(Names("m").Select(name => members.WaitForAsync(name, "chat")));
        Assert.All(Names("m"), name => Assert.Equal("hi lobby", members.Received(name, "chat").Single()[0].GetProperty("text").GetString()));
        Assert.All(Names("o"), name => Assert.Empty(outsiders.Received(name, "chat")));
    }

    [Theory]
    [MemberData(nameof(Apps))]
    public async Task A_write_only_emitter_reaches_the_room_on_every_replica(string appName)
    {
        var app = OwnApp.Named(appName);
        await using var pods = await OwnAppPods.StartAsync(app, BalancingMode.StickyCookie);
        await using var members = await ConnectOnePerReplicaAsync(pods, "m", "news");
        await using var outsiders = await ConnectOnePerReplicaAsync(pods, "o", "elsewhere");
        await WaitUntilEveryReplicaJoinedTheBackplaneAsync(pods);

        await app.EmitAsync(pods.Redis.Url, "headline", """{"from":"worker"}""", "news");
        await app.EmitAsync(pods.Redis.Url, "bulletin", "1", room: null);

        await Task.WhenAll(Names("o").Select(name => outsiders.WaitForAsync(name, "bulletin")));
        await Task.WhenAll(Names("m").Select(name => members.WaitForAsync(name, "headline")));
        Assert.All(Names("m"), name => Assert.Equal("worker",
            members.Received(name, "headline").Single()[0].GetProperty("from").GetString()));
        Assert.All(Names("o"), name => Assert.Empty(outsiders.Received(name, "headline")));
    }

    [Theory]
    [MemberData(nameof(Apps))]
    public async Task Polling_sessions_fail_behind_round_robin_and_succeed_behind_the_sticky_proxy(string appName)
    {
        var app = OwnApp.Named(appName);
        const int sessions = 24;
        await using (var roundRobin = await OwnAppPods.StartAsync(app, BalancingMode.RoundRobin))
        {
            var failed = await CountUnknownSessionsAsync(app, roundRobin.Proxy.Url, sessions, keepCookies: true);
            // Round robin over three replicas sends the second request of a session elsewhere about two times in three.
            Assert.InRange(failed, sessions / 3, sessions);
        }

        await using var sticky = await OwnAppPods.StartAsync(app, BalancingMode.StickyCookie);
        Assert.Equal(0, await CountUnknownSessionsAsync(app, sticky.Proxy.Url, sessions, keepCookies: true));
        // The affinity cookie only works for clients that send it back: the Node client without withCredentials does not.
        Assert.InRange(await CountUnknownSessionsAsync(app, sticky.Proxy.Url, sessions, keepCookies: false), sessions / 3, sessions);
    }

    [Fact]
    public async Task Python_socketio_clients_keep_the_affinity_cookie_over_polling_and_get_broadcasts_from_any_replica()
    {
        await using var pods = await OwnAppPods.StartAsync(OwnApp.FlaskSocketIO, BalancingMode.StickyCookie);
        await using var clients = OwnApp.FlaskSocketIO.Start("tests/python/socketio-clients.py", [pods.ProxyUrl, "3", "response"],
            new Dictionary<string, string>());
        await Eventually.TrueAsync(() => clients.Output.Contains("\"ready\"", StringComparison.Ordinal) || clients.HasExited,
            TimeSpan.FromSeconds(30), "the python clients connected");
        Assert.Contains("""{"ready": ["pod-0", "pod-1", "pod-2"]}""", clients.Output, StringComparison.Ordinal);
        await WaitUntilEveryReplicaJoinedTheBackplaneAsync(pods);

        await pods.SendAsync("message", "\"to the python clients\"");

        Assert.Equal(0, await clients.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("""{"received": 3}""", clients.Output, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Names(string prefix) => Enumerable.Range(0, 3).Select(i => $"{prefix}{i}");

    /// <summary>
    /// Three clients that keep the affinity cookie, handed out round robin by the proxy: one on each replica. The
    /// app's welcome event names the replica, so the spread is checked rather than assumed.
    /// </summary>
    private static async Task<NodeClients> ConnectOnePerReplicaAsync(OwnAppPods pods, string prefix, string room)
    {
        var clients = await NodeClients.ConnectAsync(Names(prefix).Select(name => (name, pods.ProxyUrl, new[] { room })), keepCookies: true);
        try
        {
            await Task.WhenAll(Names(prefix).Select(name => clients.WaitForAsync(name, "welcome")));
            var replicas = Names(prefix).Select(name => clients.Received(name, "welcome").Last()[0].GetProperty("pod").GetString()).Order();
            Assert.Equal(["pod-0", "pod-1", "pod-2"], replicas);
            return clients;
        }
        catch
        {
            await clients.DisposeAsync();
            throw;
        }
    }

    /// <summary>Flask-SocketIO subscribes when its first client connects; a message published before that is lost.</summary>
    private static Task WaitUntilEveryReplicaJoinedTheBackplaneAsync(OwnAppPods pods) =>
        Eventually.TrueAsync(async () => await pods.SubscribersAsync(pods.App.BackplaneChannel) == 3, TimeSpan.FromSeconds(20),
            $"three replicas subscribed to {pods.App.BackplaneChannel}. Replicas:\n{pods.ReplicaOutput}");

    /// <summary>Opens sessions the way a polling client does (handshake, then the CONNECT POST), each with a fresh cookie jar.</summary>
    private static async Task<int> CountUnknownSessionsAsync(OwnApp app, Uri proxy, int sessions, bool keepCookies)
    {
        var unknown = 0;
        for (var i = 0; i < sessions; i++)
        {
            using var handler = new HttpClientHandler { UseCookies = keepCookies };
            using var http = new HttpClient(handler) { BaseAddress = proxy, Timeout = TimeSpan.FromSeconds(10) };
            using var handshake = await http.GetAsync(new Uri("/socket.io/?EIO=4&transport=polling", UriKind.Relative));
            var open = await handshake.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, handshake.StatusCode);
            var sid = System.Text.Json.JsonDocument.Parse(open[1..]).RootElement.GetProperty("sid").GetString();
            using var connect = await http.PostAsync(new Uri($"/socket.io/?EIO=4&transport=polling&sid={sid}", UriKind.Relative),
                new StringContent("40", Encoding.UTF8, "text/plain"));
            if (connect.StatusCode == HttpStatusCode.BadRequest && await connect.Content.ReadAsStringAsync() == app.UnknownSessionBody)
            {
                unknown++;
            }
            else
            {
                Assert.Equal(HttpStatusCode.OK, connect.StatusCode);
            }
        }

        return unknown;
    }
}
