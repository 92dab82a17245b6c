using System.Net;
using System.Text;
using Realtime.Testing;

namespace Realtime.Cluster.Tests;

/// <summary>
/// The same pods behind a plain round-robin proxy: the failure the product exists to prevent, kept as a test so the
/// documentation's explanation stays true.
/// </summary>
public sealed class RoundRobinClusterTests
{
    [Fact]
    public async Task Polling_sessions_fail_with_session_id_unknown_for_a_measurable_share()
    {
        await using var pods = await Pods.StartAsync(BalancingMode.RoundRobin);
        using var http = new HttpClient { BaseAddress = pods.Proxy.Url, Timeout = TimeSpan.FromSeconds(10) };
        const int sessions = 30;
        var unknown = 0;

        for (var i = 0; i < sessions; i++)
        {
            using var handshake = await http.GetAsync(new Uri("/socket.io/?EIO=4&transport=polling", UriKind.Relative));
            var open = await handshake.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, handshake.StatusCode);
            var sid = System.Text.Json.JsonDocument.Parse(open[1..]).RootElement.GetProperty("sid").GetString();
            using var connect = await http.PostAsync(new Uri($"/socket.io/?EIO=4&transport=polling&sid={sid}", UriKind.Relative),
                new StringContent("40", Encoding.UTF8, "text/plain"));
            if (connect.StatusCode == HttpStatusCode.BadRequest
                && await connect.Content.ReadAsStringAsync() == """{"code":1,"message":"Session ID unknown"}""")
            {
                unknown++;
            }
        }

        // Round robin over three pods sends the second request of a session elsewhere about two times in three.
        Assert.InRange(unknown, sessions / 3, sessions);
    }

    [Fact]
    public async Task WebSocket_only_clients_connect_and_talk_across_pods_even_there()
    {
        await using var pods = await Pods.StartAsync(BalancingMode.RoundRobin);
        await pods.WaitUntilAllPodsSubscribedAsync();
        var members = Enumerable.Range(0, 6).Select(i => ($"w{i}", pods.ProxyUrl, new[] { "lobby" })).ToList();
        await using var clients = await NodeClients.ConnectAsync(members, transports: "websocket");

        await pods.EmitThroughApiAsync(pods.Servers[0], "lobby", "hello", 1);

        await Task.WhenAll(members.Select(m => clients.WaitForAsync(m.Item1, "hello")));
        Assert.All(members, m => Assert.Equal(1, clients.ConnectCount(m.Item1)));
    }
}
