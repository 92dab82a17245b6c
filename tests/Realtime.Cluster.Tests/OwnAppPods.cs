using System.Globalization;
using Realtime.Testing;

namespace Realtime.Cluster.Tests;

/// <summary>Three replicas of a team's own app sharing a password-protected redis-server, behind a real haproxy.</summary>
public sealed class OwnAppPods : IAsyncDisposable
{
    public const string RedisPassword = "own-app-redis-password";

    private readonly List<ChildProcess> _replicas;

    private OwnAppPods(OwnApp app, RedisServer redis, List<ChildProcess> replicas, HaproxyBalancer proxy)
    {
        App = app;
        Redis = redis;
        _replicas = replicas;
        Proxy = proxy;
    }

    public OwnApp App { get; }

    public RedisServer Redis { get; }

    public HaproxyBalancer Proxy { get; }

    public string ProxyUrl => Proxy.Url.ToString().TrimEnd('/');

    public static async Task<OwnAppPods> StartAsync(OwnApp app, BalancingMode mode, int count = 3)
    {
        var redis = await RedisServer.StartAsync(RedisPassword);
        var replicas = new List<ChildProcess>();
        try
        {
            var ports = Enumerable.Range(0, count).Select(_ => FreePort.Next()).ToList();
            for (var i = 0; i < count; i++)
            {
                replicas.Add(app.Start(app.Script, [], new Dictionary<string, string>
                {
                    ["PORT"] = ports[i].ToString(CultureInfo.InvariantCulture),
                    ["HOST"] = "127.0.0.1",
                    ["POD_NAME"] = $"pod-{i}",
                    ["REDIS_URL"] = redis.Url,
                }));
            }

            for (var i = 0; i < count; i++)
            {
                await FreePort.WaitUntilListeningAsync(ports[i], TimeSpan.FromSeconds(30), replicas[i]);
            }

            var proxy = await HaproxyBalancer.StartAsync(ports, mode);
            return new OwnAppPods(app, redis, replicas, proxy);
        }
        catch
        {
            foreach (var replica in replicas)
            {
                await replica.DisposeAsync();
            }

            await redis.DisposeAsync();
            throw;
        }
    }

    public string ReplicaOutput => string.Join("\n---\n", _replicas.Select(r => r.Output));

    /// <summary>Sends one event from a WebSocket client through the proxy and waits for the app's acknowledgement.</summary>
    public Task SendAsync(string eventName, string json) =>
        NodeScript.RunAsync("sio-send.js", new Dictionary<string, string> { ["url"] = ProxyUrl, ["event"] = eventName, ["arg"] = json },
            TimeSpan.FromSeconds(15));

    /// <summary>How many connections subscribe to a channel: one per replica that has joined the backplane.</summary>
    public async Task<int> SubscribersAsync(string channel)
    {
        var line = await Redis.CommandAsync("EVAL", "return redis.call('PUBSUB','NUMSUB',ARGV[1])[2]", "0", channel);
        return int.Parse(line.AsSpan(1), CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        await Proxy.DisposeAsync();
        foreach (var replica in _replicas)
        {
            await replica.DisposeAsync();
        }

        await Redis.DisposeAsync();
    }
}
