using System.Net;
using System.Net.Sockets;
using Realtime.Local;
using Realtime.Testing;

namespace Realtime.Demo.Tests;

[Collection(LocalClusterCollection.Name)]
public sealed class LocalClusterTests(LocalClusterFixture fixture)
{
    private static readonly Uri Root = new("/", UriKind.Relative);

    [Fact]
    public async Task The_proxy_serves_the_demo_page_and_keeps_a_browser_on_the_pod_its_cookie_names()
    {
        var url = fixture.Cluster.Plan.Url;
        using var handler = new HttpClientHandler { CookieContainer = new CookieContainer() };
        using var browser = new HttpClient(handler) { BaseAddress = url };

        using var first = await browser.GetAsync(Root);
        var html = await first.Content.ReadAsStringAsync();
        var pod = first.Headers.GetValues("X-Realtime-Pod").Single();

        Assert.True(first.IsSuccessStatusCode, $"{first.StatusCode}\n{fixture.Output}");
        Assert.Contains("socket.io.min.js", html, StringComparison.Ordinal);
        Assert.Equal(pod, handler.CookieContainer.GetCookies(url)["route"]?.Value);
        for (var i = 0; i < 5; i++)
        {
            using var again = await browser.GetAsync(new Uri("demo.js", UriKind.Relative));
            Assert.Equal(pod, again.Headers.GetValues("X-Realtime-Pod").Single());
        }
    }

    [Fact]
    public async Task New_browsers_are_spread_over_every_replica()
    {
        var pods = new HashSet<string>();
        await Eventually.TrueAsync(async () =>
        {
            using var cookieless = new HttpClient { BaseAddress = fixture.Cluster.Plan.Url };
            using var response = await cookieless.GetAsync(Root);
            pods.Add(response.Headers.GetValues("X-Realtime-Pod").Single());
            return pods.Count == 3;
        }, TimeSpan.FromSeconds(8), "three cookieless requests reach local-0, local-1 and local-2");

        Assert.Equal(["local-0", "local-1", "local-2"], pods.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Redis_listens_on_loopback_and_refuses_clients_without_the_password()
    {
        var shard = Assert.Single(fixture.Cluster.Plan.RedisShards);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, shard.Port);
        var stream = client.GetStream();
        await stream.WriteAsync("PING\r\n"u8.ToArray());
        var buffer = new byte[256];
        var read = await stream.ReadAsync(buffer);

        Assert.StartsWith("-NOAUTH", System.Text.Encoding.ASCII.GetString(buffer, 0, read), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stopping_the_cluster_ends_every_process_it_started()
    {
        var output = new List<string>();
        var cluster = await LocalClusterFixture.StartAsync(SingleReplicaCluster(), line => { lock (output) { output.Add(line); } });
        var ports = cluster.Plan.Replicas.Select(r => r.Port).Concat(cluster.Plan.RedisShards.Select(s => s.Port))
            .Append(cluster.Plan.ProxyPort).ToList();
        Assert.All(ports, port => Assert.True(IsListening(port), $"{port} listens while the cluster runs"));

        await cluster.DisposeAsync();

        Assert.All(ports, port => Assert.False(IsListening(port), $"{port} still listens after stop"));
    }

    private static string SingleReplicaCluster()
    {
        var path = Path.Combine(Path.GetTempPath(), $"realtime-local-single-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, """
            apiVersion: realtime.dev/v1alpha1
            kind: RealtimeCluster
            metadata: {name: single}
            spec:
              replicas: 1
            """);
        return path;
    }

    private static bool IsListening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
