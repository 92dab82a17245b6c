using System.Collections.Concurrent;
using Realtime.Testing;

namespace Realtime.SocketIO.Redis.Tests.Hosting;

/// <summary>
/// Broadcasts from every server to a room whose only member is connected to each other server (client <c>c{j}</c> in
/// room <c>p{j}</c> on server j), every 50 ms, each message numbered and stamped with its publish time, so loss,
/// duplicates and the moment delivery resumed can be counted per pod pair from what the clients printed.
/// </summary>
public sealed class CrossPodTraffic : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);
    private readonly IReadOnlyList<RedisBackedServer> _servers;
    private readonly NodeClients _clients;
    private readonly ConcurrentQueue<TrafficSent> _sent = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private long _sequence;

    private CrossPodTraffic(IReadOnlyList<RedisBackedServer> servers, NodeClients clients)
    {
        _servers = servers;
        _clients = clients;
        _loop = Task.Run(RunAsync);
    }

    public static (string Name, string Url, string[] Rooms)[] Clients(IReadOnlyList<RedisBackedServer> servers) =>
        servers.Select((server, j) => ($"c{j}", server.Url, new[] { $"p{j}" })).ToArray();

    public static CrossPodTraffic Start(IReadOnlyList<RedisBackedServer> servers, NodeClients clients) => new(servers, clients);

    public static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private async Task RunAsync()
    {
        using var timer = new PeriodicTimer(Interval);
        while (await WaitAsync(timer))
        {
            for (var i = 0; i < _servers.Count; i++)
            {
                for (var j = 0; j < _servers.Count; j++)
                {
                    if (i == j)
                    {
                        continue;
                    }

                    var sequence = Interlocked.Increment(ref _sequence);
                    var at = Now;
                    _sent.Enqueue(new TrafficSent(i, j, sequence, at));
                    _servers[i].Main.To($"p{j}").Emit("m", i, j, sequence, at);
                }
            }
        }
    }

    private async Task<bool> WaitAsync(PeriodicTimer timer)
    {
        try
        {
            return await timer.WaitForNextTickAsync(_stopping.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Every pod pair has received a message published after <paramref name="since"/>.</summary>
    public bool EveryPairDeliveredSince(long since)
    {
        var pairs = Receipts().Where(r => r.PublishedAt > since).Select(r => (r.From, r.To)).ToHashSet();
        return pairs.Count == _servers.Count * (_servers.Count - 1);
    }

    /// <summary>Stops publishing and waits until the last message of every pair sent after <paramref name="settledAt"/> arrived.</summary>
    public async Task<FailoverReport> StopAsync(long killedAt, long settledAt)
    {
        await _stopping.CancelAsync();
        await _loop;
        var lastSent = _sent.GroupBy(s => (s.From, s.To)).ToDictionary(g => g.Key, g => g.Max(s => s.Sequence));
        await Eventually.TrueAsync(() =>
            {
                var received = Receipts().Select(r => r.Sequence).ToHashSet();
                return lastSent.Values.All(received.Contains);
            }, TimeSpan.FromSeconds(10),
            "the last message of every pod pair arrived");
        return Report(killedAt, settledAt);
    }

    private FailoverReport Report(long killedAt, long settledAt) =>
        FailoverReport.Analyze(_sent.ToList(), Receipts(), _servers.Count, killedAt, settledAt);

    private List<TrafficReceipt> Receipts() =>
        _clients.Lines
            .Where(line => line.TryGetProperty("event", out var e) && e.GetString() == "m")
            .Select(line =>
            {
                var args = line.GetProperty("args");
                return new TrafficReceipt(args[0].GetInt32(), args[1].GetInt32(), args[2].GetInt64(), args[3].GetInt64(),
                    line.GetProperty("at").GetInt64());
            })
            .ToList();

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _loop;
        _stopping.Dispose();
    }

}

