using System.Globalization;
using Realtime.Bench;
using Microsoft.Extensions.DependencyInjection;
using Realtime.SocketIO.Redis.Backplane;
using Realtime.Testing;

namespace Realtime.Server.Tests;

/// <summary>A tiny run of the benchmark's load generator against both servers, so `make bench` cannot rot unseen.</summary>
public class LoadGeneratorSmokeTests
{
    private static readonly LoadScenario Tiny = new()
    {
        Name = "smoke", Clients = 20, Rooms = 2, Publishers = 2, RatePerPublisher = 20, Duration = TimeSpan.FromSeconds(1),
    };

    private static void AssertEverythingDelivered(LoadResult result)
    {
        Assert.Equal(Tiny.Publishers * Tiny.RatePerPublisher * (long)Tiny.Duration.TotalSeconds, result.Sent);
        Assert.Equal(result.Sent * 10, result.Expected);
        Assert.Equal(result.Expected, result.Received);
        Assert.Equal(0, result.ClientsLost);
        Assert.InRange(result.P50Milliseconds, 0, result.P99Milliseconds);
        Assert.True(result.MaxMilliseconds > 0);
    }

    [Fact]
    public async Task The_load_generator_measures_our_server()
    {
        await using var server = await InProcessServer.StartAsync();

        AssertEverythingDelivered(await LoadRunner.RunAsync(Tiny, [server.Url], CancellationToken.None));
    }

    [Theory]
    [InlineData("per-room")]
    [InlineData("pattern")]
    public async Task Two_pods_on_one_redis_deliver_across_pods(string subscriptions)
    {
        await using var redis = await RedisServer.StartAsync();
        var settings = new Dictionary<string, string?> { ["REDIS_URL"] = redis.Url, ["REDIS_SUBSCRIPTIONS"] = subscriptions };
        await using var first = await InProcessServer.StartAsync(settings);
        await using var second = await InProcessServer.StartAsync(settings);
        var backplanes = new[] { first, second }.Select(pod => pod.Services.GetRequiredService<RedisBackplane>()).ToList();

        AssertEverythingDelivered(await LoadRunner.RunAsync(Tiny, [first.Url, second.Url], CancellationToken.None,
            () => Eventually.TrueAsync(() => backplanes.All(b => b.SubscriptionsInSync), TimeSpan.FromSeconds(5),
                "both pods have subscribed to the rooms their clients joined")));
    }

    [Fact]
    public async Task The_load_generator_measures_the_node_reference()
    {
        var port = FreePort.Next();
        await using var reference = NodeScript.Start("reference-server.js",
            new Dictionary<string, string> { ["port"] = port.ToString(CultureInfo.InvariantCulture) });
        await FreePort.WaitUntilListeningAsync(port, TimeSpan.FromSeconds(10), reference);

        AssertEverythingDelivered(await LoadRunner.RunAsync(Tiny, [new Uri($"http://127.0.0.1:{port}")], CancellationToken.None));
    }

    [Fact]
    public async Task The_idle_memory_floor_accepts_the_load_generators_clients()
    {
        var floor = new ServerKind.AspNetCoreFloor(Path.Combine(AppContext.BaseDirectory, "realtime-bench-floor.dll"));
        await using var pods = await PodSet.StartAsync(floor, 1, null, CancellationToken.None);

        var clients = await LoadRunner.ConnectIdleAsync(3, pods.Urls, 3, CancellationToken.None);
        try
        {
            Assert.All(clients, client => Assert.True(client.IsOpen));
        }
        finally
        {
            await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
        }
    }

    [Fact]
    public async Task The_relay_floor_delivers_every_publish_to_its_room()
    {
        var floor = new ServerKind.RelayFloor(Path.Combine(AppContext.BaseDirectory, "realtime-bench-floor.dll"));
        await using var pods = await PodSet.StartAsync(floor, 1, null, CancellationToken.None);

        AssertEverythingDelivered(await LoadRunner.RunAsync(Tiny, pods.Urls, CancellationToken.None));
    }

    [Fact]
    public async Task The_relay_floor_on_two_pods_delivers_across_them_over_redis()
    {
        await using var redis = await RedisServer.StartAsync();
        var floor = new ServerKind.RelayFloor(Path.Combine(AppContext.BaseDirectory, "realtime-bench-floor.dll"));
        await using var pods = await PodSet.StartAsync(floor, 2, redis.Url, CancellationToken.None);

        // A join is acked once its room's channel is subscribed, so nothing needs to settle before publishing.
        AssertEverythingDelivered(await LoadRunner.RunAsync(Tiny, pods.Urls, CancellationToken.None));
    }

    [Fact]
    public void Process_stats_count_the_context_switches_of_every_thread()
    {
        var before = ProcessStats.Read(Environment.ProcessId).ContextSwitches;
        using var slept = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var sleeper = new Thread(() =>
        {
            // Each sleep gives up the CPU: the voluntary context switches counted, on a thread other than the main one,
            // which stays alive until read (an exited thread's switches are no longer in /proc).
            for (var i = 0; i < 5; i++)
            {
                Thread.Sleep(1);
            }

            slept.Set();
            release.Wait();
        });
        sleeper.Start();
        slept.Wait();
        var after = ProcessStats.Read(Environment.ProcessId).ContextSwitches;
        release.Set();
        sleeper.Join();

        Assert.True(after >= before + 5, $"{before} -> {after}");
    }

    [Fact]
    public void Per_delivery_figures_count_the_publishing_window_and_compare_with_node()
    {
        var result = new LoadResult
        {
            Scenario = "s", ConnectSeconds = 1, Sent = 10, Expected = 2_000_000, ReceivedInWindow = 2_000_000, Received = 2_000_000,
            DeliveredPerSecond = 200_000, P50Milliseconds = 1, P99Milliseconds = 2, MaxMilliseconds = 3, ClientsLost = 0,
        };
        var measured = new Measured(result, CpuSeconds: 9, GeneratorCpuSeconds: 5, PeakRssKiB: 1, PublishingCpuSeconds: 3,
            PublishingContextSwitches: 4000, SettlingCpuSeconds: 0.5, RestCpuSecondsPerSecond: 0.1, PublishingSeconds: 10);

        Assert.Equal(1.5, measured.CpuSecondsPerMillion);
        // 3 CPU-s in the window, 1 of them what 10 s at rest cost: 2 CPU-s for 2 M deliveries.
        Assert.Equal(1.0, measured.CpuSecondsPerMillionAboveRest, precision: 9);
        Assert.Equal(2.0, measured.ContextSwitchesPerThousand);
        Assert.Equal("0.25x", BenchSuite.Ratio(measured.CpuSecondsPerMillion, 6.0));
        Assert.Equal("", BenchSuite.Ratio(1, null));
    }

    [Fact]
    public void The_histogram_reports_quantiles_within_its_resolution()
    {
        var histogram = new LatencyHistogram();
        for (var micros = 1; micros <= 100_000; micros++)
        {
            histogram.Record(micros);
        }

        Assert.InRange(histogram.QuantileMilliseconds(0.5), 49.2, 50.8);
        Assert.InRange(histogram.QuantileMilliseconds(0.99), 97.4, 100.6);
        Assert.Equal(100.0, histogram.MaxMilliseconds);
        Assert.Equal(100_000, histogram.Count);
    }
}
