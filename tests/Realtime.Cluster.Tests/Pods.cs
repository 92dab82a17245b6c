using System.Net.Http.Headers;
using System.Net.Http.Json;
using Realtime.Testing;

namespace Realtime.Cluster.Tests;

/// <summary>Three realtime-server processes sharing a real redis-server, behind a real haproxy.</summary>
public sealed class Pods : IAsyncDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private Pods(RedisServer redis, IReadOnlyList<ServerProcess> servers, HaproxyBalancer proxy)
    {
        Redis = redis;
        Servers = servers;
        Proxy = proxy;
    }

    public RedisServer Redis { get; }

    public IReadOnlyList<ServerProcess> Servers { get; }

    public HaproxyBalancer Proxy { get; }

    public string ProxyUrl => Proxy.Url.ToString().TrimEnd('/');

    public static async Task<Pods> StartAsync(BalancingMode mode, int count = 3,
        IReadOnlyDictionary<string, string>? environment = null, string? redisPassword = null)
    {
        var redis = await RedisServer.StartAsync(redisPassword);
        var servers = new List<ServerProcess>();
        try
        {
            servers.AddRange(await Task.WhenAll(Enumerable.Range(0, count)
                .Select(i => ServerProcess.StartAsync($"pod-{i}", redis.Url, environment))));
            var proxy = await HaproxyBalancer.StartAsync(servers.Select(s => s.Port).ToList(), mode);
            return new Pods(redis, servers, proxy);
        }
        catch
        {
            foreach (var server in servers)
            {
                await server.DisposeAsync();
            }

            await redis.DisposeAsync();
            throw;
        }
    }

    /// <summary>Publishes through one pod's HTTP API, as a backend would.</summary>
    public async Task EmitThroughApiAsync(ServerProcess pod, string room, string eventName, object data)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{pod.Url}/api/v1/emit")
        {
            Content = JsonContent.Create(new { @event = eventName, data, room }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ServerProcess.ApiToken);
        using var response = await _http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException(
                $"emit on {pod.PodName} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>
    /// Waits until every running pod's readiness report says its backplane is connected: subscribed and able to
    /// publish, which after a Redis restart come back on separate connections.
    /// </summary>
    public Task WaitUntilAllPodsConnectedAsync() =>
        Eventually.TrueAsync(async () =>
        {
            foreach (var server in Servers.Where(s => !s.HasExited))
            {
                // Not ready (503) while the backplane is away; the body says so either way.
                using var response = await _http.GetAsync($"{server.Url}/readyz");
                using var report = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                if (report.RootElement.GetProperty("backplane").GetString() != "connected")
                {
                    return false;
                }
            }

            return true;
        }, TimeSpan.FromSeconds(20), "every pod reports its backplane connected");

    /// <summary>Waits until every running pod has joined the backplane (subscribed to the request channel).</summary>
    public Task WaitUntilAllPodsSubscribedAsync() =>
        Eventually.TrueAsync(async () => await CountSubscribersAsync("socket.io-request#/#") == Servers.Count(s => !s.HasExited),
            TimeSpan.FromSeconds(20), "every pod subscribed to the request channel");

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Proxy.DisposeAsync();
        foreach (var server in Servers)
        {
            await server.DisposeAsync();
        }

        await Redis.DisposeAsync();
    }

    private async Task<int> CountSubscribersAsync(string channel)
    {
        var line = await Redis.CommandAsync("EVAL", "return redis.call('PUBSUB','NUMSUB',ARGV[1])[2]", "0", channel);
        return int.Parse(line.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
    }
}
