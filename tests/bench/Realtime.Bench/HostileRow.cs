using System.Globalization;

namespace Realtime.Bench;

/// <summary>
/// One pod at its shipped defaults under the hostile clients of issue 12 (an equal share of each <see cref="HostileKind"/>,
/// reconnecting whenever dropped, plus one client broadcasting 900 KB messages to the stalled readers' room), while
/// well-behaved clients on the same pod exchange messages: the pod's peak RSS against the rendered pod limit, and
/// whether the good clients kept receiving.
/// </summary>
public static class HostileRow
{
    /// <summary>The memory limit the operator renders for a server pod (Builders/ServerDeploymentBuilder).</summary>
    public const int PodLimitMiB = 512;

    public const int HostileClients = 1000;

    /// <summary>
    /// In the pod, the runtime reads the cgroup memory limit and caps the GC heap at 75 % of it (the runtime's
    /// <c>GCHeapHardLimit</c> default in a container), collecting harder near it; a process on this machine has no such
    /// limit and lets garbage grow. The row starts the server with the cap the pod gets, so it measures the pod
    /// (<c>--env.DOTNET_GCHeapHardLimit=0</c> lifts it, to see what the server holds on an unlimited machine).
    /// </summary>
    public static readonly string PodHeapHardLimit = "0x" + (PodLimitMiB * 1024L * 1024 * 3 / 4).ToString("X", CultureInfo.InvariantCulture);

    private static readonly TimeSpan AttackBeforeMeasuring = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan BroadcastInterval = TimeSpan.FromMilliseconds(200);

    public static readonly LoadScenario GoodClients = new()
    {
        Name = "good clients: 100 in 1 room, 2 x 10 msg/s", Clients = 100, Publishers = 2, RatePerPublisher = 10,
        Duration = TimeSpan.FromSeconds(15),
    };

    public const string Header =
        "| server | hostile clients | peak RSS MiB | pod limit MiB | hostile connections closed | good clients: delivered msg/s | loss % | p99 ms |\n" +
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |";

    public static async Task<string> RunAsync(ServerKind kind, LoadScenario warmup, TextWriter log, CancellationToken cancellation)
    {
        var inPod = kind is ServerKind.Ours ours ? ours.WithDefault("DOTNET_GCHeapHardLimit", PodHeapHardLimit) : kind;
        await using var pods = await PodSet.StartAsync(inPod, 1, null, cancellation);
        try
        {
            return await MeasureAsync(kind, pods, warmup, log, cancellation);
        }
        catch (Exception) when (pods.WriteOutputOnFailure(log))
        {
            throw;
        }
    }

    private static async Task<string> MeasureAsync(ServerKind kind, PodSet pods, LoadScenario warmup, TextWriter log, CancellationToken cancellation)
    {
        var server = pods.Urls[0];
        await LoadRunner.RunAsync(warmup, pods.Urls, cancellation);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        long peakKiB = 0;
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peakKiB = Math.Max(peakKiB, pods.TotalStats().RssKiB);
                await Task.Delay(50, CancellationToken.None);
            }
        }, CancellationToken.None);
        var kinds = Enum.GetValues<HostileKind>();
        List<Task<int>> hostile = [];
        Task? broadcaster = null;

        // The good clients join first; the attack starts before they publish and lasts until they are done.
        var good = await LoadRunner.RunAsync(GoodClients, pods.Urls, cancellation, async () =>
        {
            hostile.AddRange(Enumerable.Range(0, HostileClients)
                .Select(i => HostileClient.RunAsync(server, kinds[i % kinds.Length], i, stop.Token)));
            broadcaster = BroadcastAsync(server, stop.Token);
            await Task.Delay(AttackBeforeMeasuring, cancellation);
        });
        await stop.CancelAsync();
        var closed = (await Task.WhenAll(hostile)).Sum();
        await broadcaster!;
        await sampler;
        var stats = pods.TotalStats();
        peakKiB = Math.Max(peakKiB, stats.PeakRssKiB);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{kind.Name}: hostile: peak RSS {peakKiB} KiB (VmHWM {stats.PeakRssKiB}), closed {closed}, good {good.Received}/{good.Expected}, lost clients {good.ClientsLost}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"| {kind.Name} | {HostileClients:N0} | {peakKiB / 1024.0:F0} | {PodLimitMiB} | {closed:N0} | {good.DeliveredPerSecond:N0} | {good.LossPercent:F2} | {good.P99Milliseconds:F1} |");
    }

    private static async Task BroadcastAsync(Uri server, CancellationToken stop)
    {
        await using var publisher = await BenchClient.ConnectAsync(server, null, stop);
        var padding = new string('x', HostileClient.LargeMessageBytes);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await publisher.PublishAsync(HostileClient.BroadcastRoom, padding, stop);
                await Task.Delay(BroadcastInterval, stop);
            }
        }
        catch (OperationCanceledException)
        {
            // The row is over.
        }
    }
}
