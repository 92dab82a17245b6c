using System.Globalization;
using Realtime.Testing;

namespace Realtime.Bench;

/// <summary>
/// A rolling restart under steady traffic: subscribers in rooms on three pods of one kind on one redis-server, the
/// publish API sending numbered messages, then pod after pod stopped with SIGTERM (its clients, closed by its drain,
/// reconnect to the other pods as <see cref="RolloutSubscriber"/>s), replaced and waited for until it is ready.
/// Counted per subscriber against the messages the cluster accepted for its room while it was connected or away:
/// lost, duplicated, and reconnections recovered or not.
/// </summary>
public static class RolloutRow
{
    public const string Header =
        "| server | recovery | clients | reconnections | recovered | not recovered | messages accepted | deliveries expected | lost | clients that lost messages | duplicates | publish requests failed | servers' recovery results |\n" +
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |";

    private const string ApiToken = "bench-rollout-token-0123456789";

    private static readonly TimeSpan ExitBound = TimeSpan.FromSeconds(60);

    public static async Task<RolloutReport> RunAsync(ServerKind.Ours kind, bool recovery, RolloutScenario scenario, TextWriter log,
        CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(log);
        scenario.Validate();
        var server = kind.WithDefault("API_TOKEN", ApiToken)
            .WithDefault("DRAIN_SECONDS", scenario.DrainSeconds.ToString(CultureInfo.InvariantCulture))
            .WithDefault("CONNECTION_STATE_RECOVERY", recovery ? "true" : "false");
        await using var redis = await RedisServer.StartAsync();
        await using var pods = await PodSet.StartAsync(server, RolloutScenario.Pods, redis.Url, cancellation);
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var live = new Uri?[RolloutScenario.Pods];
        for (var i = 0; i < live.Length; i++)
        {
            live[i] = await ReadyAsync(probe, pods.Urls[i], cancellation);
        }

        var placement = new Random(scenario.Seed);
        var subscribers = Enumerable.Range(0, scenario.Clients)
            .Select(i => new RolloutSubscriber(LoadRunner.RoomName(i % scenario.Rooms), new Random(scenario.Seed + i))).ToList();
        using var publisher = new RolloutPublisher(ApiToken, scenario.Rooms, scenario.MessagesPerSecond);
        using var stopPublishing = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        using var stopReconnecting = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var reconnecting = new List<Task>();
        var results = new RecoveryResults();
        try
        {
            var first = Enumerable.Range(0, scenario.Clients).Select(_ => pods.Urls[placement.Next(RolloutScenario.Pods)]).ToArray();
            await ForEachAsync(scenario.Clients, scenario.ConnectConcurrency, i => subscribers[i].ConnectAsync(first[i], cancellation));
            reconnecting.AddRange(subscribers.Select(s => s.StayConnectedAsync(current => PickOther(live, current), stopReconnecting.Token)));

            // Per-room subscriptions follow the joins asynchronously; the same pause as the cluster rows.
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellation);
            var publishing = publisher.RunAsync(sequence => PickUp(live, sequence), stopPublishing.Token);
            await Task.Delay(scenario.Steady, cancellation);
            for (var pod = 0; pod < RolloutScenario.Pods; pod++)
            {
                // Out of the endpoints first, as the kubelet's stop removes the pod from the Service.
                Volatile.Write(ref live[pod], null);
                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"rollout: stopping bench-{pod}"));
                await results.ScrapeAsync(probe, pods.Urls[pod], cancellation);
                // Back in the endpoints once ready, as the Service adds a pod only when its readiness probe passes.
                Volatile.Write(ref live[pod], await ReadyAsync(probe, await pods.RestartAsync(pod, ExitBound), cancellation));
            }

            await Task.Delay(scenario.Steady, cancellation);
            await stopPublishing.CancelAsync();
            await publishing;
            var accepted = Enumerable.Range(0, scenario.Rooms).Select(publisher.AcceptedFor).ToArray();
            await SettleAsync(subscribers, accepted, scenario);
            foreach (var pod in pods.Urls)
            {
                await results.ScrapeAsync(probe, pod, cancellation);
            }

            return RolloutReport.From(subscribers, accepted, publisher.Failed, scenario, results);
        }
        catch (Exception) when (pods.WriteOutputOnFailure(log))
        {
            throw;
        }
        finally
        {
            // No subscriber may reconnect while they are disposed.
            await stopReconnecting.CancelAsync();
            await Task.WhenAll(reconnecting).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await Task.WhenAll(subscribers.Select(s => s.DisposeAsync().AsTask()));
        }
    }

    public static string Row(string server, bool recovery, RolloutReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return string.Create(CultureInfo.InvariantCulture,
            $"| {server} | {(recovery ? "on" : "off")} | {report.Clients:N0} | {report.Recovered + report.NotRecovered:N0} | {report.Recovered:N0} | {report.NotRecovered:N0} | {report.Accepted:N0} | {report.Expected:N0} | {report.Lost:N0} | {report.ClientsWithLoss:N0} | {report.Duplicates:N0} | {report.PublishFailures:N0} | {report.ServerResults} |");
    }

    /// <summary>Waits until the pod's <c>/readyz</c> answers 200 (its backplane is subscribed), as the kubelet's probe does.</summary>
    private static async Task<Uri> ReadyAsync(HttpClient probe, Uri pod, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + ExitBound;
        while (true)
        {
            try
            {
                using var response = await probe.GetAsync(new Uri(pod, "/readyz"), cancellation);
                if (response.IsSuccessStatusCode)
                {
                    return pod;
                }
            }
            catch (HttpRequestException)
            {
                // Not answering yet.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{pod} did not become ready within {ExitBound}");
            }

            await Task.Delay(100, cancellation);
        }
    }

    private static async Task SettleAsync(List<RolloutSubscriber> subscribers, IReadOnlyList<long>[] accepted, RolloutScenario scenario)
    {
        var deadline = DateTime.UtcNow + scenario.Settle;
        while (DateTime.UtcNow < deadline && subscribers.Where((s, i) => !accepted[i % scenario.Rooms].All(s.HasSeen)).Any())
        {
            await Task.Delay(100);
        }
    }

    private static Uri PickUp(Uri?[] live, long sequence)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (Volatile.Read(ref live[(int)((sequence + attempt) % live.Length)]) is { } up)
            {
                return up;
            }
        }
    }

    private static Uri PickOther(Uri?[] live, Uri? current)
    {
        var candidates = live.Select((_, i) => Volatile.Read(ref live[i])).OfType<Uri>().Where(url => url != current).ToList();
        return candidates.Count > 0 ? candidates[Random.Shared.Next(candidates.Count)] : PickUp(live, 0);
    }

    private static async Task ForEachAsync(int count, int concurrency, Func<int, Task> action)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Math.Min(concurrency, count)).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await action(i);
            }
        }));
    }
}
