using System.Diagnostics;

namespace Realtime.Bench;

/// <summary>Runs one <see cref="LoadScenario"/> against one or more servers speaking the app contract.</summary>
public static class LoadRunner
{
    /// <param name="beforePublishing">Awaited once every subscriber has joined, before the first message is sent.</param>
    /// <param name="afterSettling">Called when every delivery arrived or the settle time ran out, before the clients disconnect.</param>
    public static async Task<LoadResult> RunAsync(LoadScenario scenario, IReadOnlyList<Uri> servers, CancellationToken cancellation,
        Func<Task>? beforePublishing = null, Action? afterSettling = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(servers);
        scenario.Validate();
        var latencies = new LatencyHistogram();
        var placement = new Random(scenario.Seed);
        var clientServers = Enumerable.Range(0, scenario.Clients).Select(_ => servers[placement.Next(servers.Count)]).ToArray();
        var membersPerRoom = new long[scenario.Rooms];
        for (var i = 0; i < scenario.Clients; i++)
        {
            membersPerRoom[i % scenario.Rooms]++;
        }

        var subscribers = new List<BenchClient>(scenario.Clients);
        var publishers = new List<BenchClient>(scenario.Publishers);
        try
        {
            var connectClock = Stopwatch.StartNew();
            subscribers.AddRange(await ConnectManyAsync(scenario.Clients, scenario.ConnectConcurrency,
                async i =>
                {
                    var client = await BenchClient.ConnectAsync(clientServers[i], latencies, cancellation);
                    await client.JoinAsync(RoomName(i % scenario.Rooms), cancellation);
                    return client;
                }));
            var connectSeconds = connectClock.Elapsed.TotalSeconds;
            publishers.AddRange(await ConnectManyAsync(scenario.Publishers, scenario.ConnectConcurrency,
                i => BenchClient.ConnectAsync(servers[i % servers.Count], null, cancellation)));

            if (beforePublishing is not null)
            {
                await beforePublishing();
            }

            var sent = new long[scenario.Publishers];
            var expected = new long[scenario.Publishers];
            var padding = new string('x', scenario.PayloadBytes);
            var window = Stopwatch.StartNew();
            await Task.WhenAll(publishers.Select((publisher, index) => PublishAsync(scenario, publisher, index, padding,
                membersPerRoom, sent, expected, cancellation)));
            var windowSeconds = window.Elapsed.TotalSeconds;
            var receivedInWindow = subscribers.Sum(s => s.Received);
            var expectedTotal = expected.Sum();
            var settleDeadline = Stopwatch.StartNew();
            while (subscribers.Sum(s => s.Received) < expectedTotal && settleDeadline.Elapsed < scenario.Settle)
            {
                await Task.Delay(50, cancellation);
            }

            afterSettling?.Invoke();

            return new LoadResult
            {
                Scenario = scenario.Name,
                ConnectSeconds = connectSeconds,
                Sent = sent.Sum(),
                Expected = expectedTotal,
                ReceivedInWindow = receivedInWindow,
                Received = subscribers.Sum(s => s.Received),
                DeliveredPerSecond = receivedInWindow / windowSeconds,
                P50Milliseconds = latencies.QuantileMilliseconds(0.50),
                P99Milliseconds = latencies.QuantileMilliseconds(0.99),
                MaxMilliseconds = latencies.MaxMilliseconds,
                ClientsLost = subscribers.Count(s => !s.IsOpen),
            };
        }
        finally
        {
            await Task.WhenAll(subscribers.Concat(publishers).Select(c => c.DisposeAsync().AsTask()));
        }
    }

    /// <summary>Connects <paramref name="count"/> idle clients (no room) and returns them; the caller disposes them.</summary>
    public static Task<IReadOnlyList<BenchClient>> ConnectIdleAsync(int count, IReadOnlyList<Uri> servers, int concurrency,
        CancellationToken cancellation) =>
        ConnectManyAsync(count, concurrency, i => BenchClient.ConnectAsync(servers[i % servers.Count], null, cancellation));

    public static string RoomName(int index) => $"room-{index}";

    private static async Task<IReadOnlyList<BenchClient>> ConnectManyAsync(int count, int concurrency, Func<int, Task<BenchClient>> connect)
    {
        var clients = new BenchClient?[count];
        var next = -1;
        try
        {
            await Task.WhenAll(Enumerable.Range(0, Math.Min(concurrency, count)).Select(async _ =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < count)
                {
                    clients[i] = await connect(i);
                }
            }));
        }
        catch
        {
            await Task.WhenAll(clients.OfType<BenchClient>().Select(c => c.DisposeAsync().AsTask()));
            throw;
        }

        return clients.Select(c => c!).ToList();
    }

    private static async Task PublishAsync(LoadScenario scenario, BenchClient publisher, int index, string padding,
        long[] membersPerRoom, long[] sent, long[] expected, CancellationToken cancellation)
    {
        // Ticks of 10 ms send whatever is due, so rates above 100 msg/s keep their pace despite timer granularity.
        // Every publisher offers exactly rate x duration messages: a stalled generator catches up instead of
        // silently offering less, so runs stay comparable.
        var total = (long)(scenario.Duration.TotalSeconds * scenario.RatePerPublisher);
        var clock = Stopwatch.StartNew();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        long count = 0;
        while (true)
        {
            var due = Math.Min(total, (long)(clock.Elapsed.TotalSeconds * scenario.RatePerPublisher));
            for (; count < due && publisher.IsOpen; count++)
            {
                var room = (int)((index + (count * scenario.Publishers)) % scenario.Rooms);
                await publisher.PublishAsync(RoomName(room), padding, cancellation);
                sent[index]++;
                expected[index] += membersPerRoom[room];
            }

            if (count == total || !publisher.IsOpen)
            {
                return;
            }

            await timer.WaitForNextTickAsync(cancellation);
        }
    }
}
