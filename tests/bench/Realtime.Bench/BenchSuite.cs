using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using Realtime.Testing;

namespace Realtime.Bench;

/// <summary>
/// The whole benchmark in one invocation: each scenario runs against every server kind on fresh processes, one
/// after the other on the same machine, and the results come out as Markdown tables. A scenario that fails is
/// reported as failed and the suite goes on.
/// </summary>
public sealed class BenchSuite(IReadOnlyList<ServerKind> singleNodeKinds, IReadOnlyList<ServerKind> idleKinds,
    IReadOnlyList<ServerKind> clusterKinds, TextWriter log,
    IReadOnlySet<string>? sections = null, string? scenarioFilter = null, int repeats = 1, RolloutScenario? rollout = null)
{
    private const int IdleClients = 5000;

    private static readonly TimeSpan SubscriptionSettle = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How long the servers' CPU is read with every client joined and nothing published; /proc counts CPU in 10 ms
    /// ticks per process, so a shorter window would not resolve a few percent of a core.
    /// </summary>
    private static readonly TimeSpan RestWindow = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Long enough for both runtimes' JITs to finish optimizing the message path, so the rows measure a server that
    /// has been up for a while rather than its first seconds.
    /// </summary>
    private static readonly LoadScenario Warmup = new()
    {
        Name = "warm-up", Clients = 50, Rooms = 5, Publishers = 2, RatePerPublisher = 200, Duration = TimeSpan.FromSeconds(6),
    };

    /// <summary>
    /// The warm-up for <paramref name="pods"/> servers: as many clients and publishers on each as one server gets, so
    /// every pod's connect, join and publish paths are optimized before the row, not only the first pod's.
    /// </summary>
    private static LoadScenario WarmupFor(int pods) =>
        Warmup with { Clients = Warmup.Clients * pods, Rooms = Warmup.Rooms * pods, Publishers = Warmup.Publishers * pods };

    /// <summary>
    /// A second in which the servers use at most this much CPU each ends the settling after the joins: the JIT
    /// optimizing what the row's connects and joins ran, which .NET pays once per process, not per delivery.
    /// </summary>
    private const double QuietCpuSecondsPerPod = 0.03;

    private static readonly TimeSpan QuietProbe = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan SettlingLimit = TimeSpan.FromSeconds(15);

    public static IReadOnlyList<LoadScenario> SingleNodeScenarios { get; } =
    [
        new() { Name = "light: 100 clients, 1 room, 2 x 10 msg/s", Clients = 100, Publishers = 2, RatePerPublisher = 10, Duration = TimeSpan.FromSeconds(8) },
        new() { Name = "light: 1,000 clients, 1 room, 5 x 10 msg/s", Clients = 1000, Publishers = 5, RatePerPublisher = 10, Duration = TimeSpan.FromSeconds(10) },
        new() { Name = "one room: 1,000 clients, 5 x 50 msg/s", Clients = 1000, Publishers = 5, RatePerPublisher = 50, Duration = TimeSpan.FromSeconds(12) },
        new() { Name = "one room: 1,000 clients, 5 x 100 msg/s", Clients = 1000, Publishers = 5, RatePerPublisher = 100, Duration = TimeSpan.FromSeconds(12) },
        // More than either server delivers on this machine: what each delivers when it cannot keep up.
        new() { Name = "saturation: 1,000 clients, 1 room, 10 x 150 msg/s", Clients = 1000, Publishers = 10, RatePerPublisher = 150, Duration = TimeSpan.FromSeconds(8) },
    ];

    private static readonly LoadScenario ManyRooms = new()
    {
        Name = "500 rooms of 2: 1,000 clients, 10 x 100 msg/s", Clients = 1000, Rooms = 500, Publishers = 10, RatePerPublisher = 100,
        Duration = TimeSpan.FromSeconds(12),
    };

    /// <summary>
    /// One room at two rates (below and above what the Node cluster can deliver), then many small rooms on three and
    /// on six pods: how much of the pattern subscription's Redis→pod traffic per-room subscriptions save grows with
    /// the number of pods a room does not span.
    /// </summary>
    public static IReadOnlyList<ClusterScenario> ClusterScenarios { get; } =
    [
        new(3, new() { Name = "one room: 999 clients, 6 x 30 msg/s", Clients = 999, Publishers = 6, RatePerPublisher = 30, Duration = TimeSpan.FromSeconds(12) }),
        new(3, new() { Name = "one room: 999 clients, 6 x 60 msg/s", Clients = 999, Publishers = 6, RatePerPublisher = 60, Duration = TimeSpan.FromSeconds(12) }),
        new(3, ManyRooms),
        new(6, ManyRooms),
        new(3, new() { Name = "saturation: 999 clients, 1 room, 6 x 120 msg/s", Clients = 999, Publishers = 6, RatePerPublisher = 120, Duration = TimeSpan.FromSeconds(8) }),
    ];

    /// <summary>The table names <c>--only</c> accepts.</summary>
    public static IReadOnlyList<string> Sections { get; } = ["single", "idle", "cluster", "hostile", "failover", "recovery"];

    private ServerKind ClusterNodeReference => clusterKinds.First(kind => kind is ServerKind.NodeReference);

    public async Task<string> RunAsync(CancellationToken cancellation)
    {
        bool Runs(string section) => sections is null || sections.Contains(section);
        bool Matches(LoadScenario scenario) => scenarioFilter is null || scenario.Name.Contains(scenarioFilter, StringComparison.Ordinal);

        var single = new StringBuilder();
        single.AppendLine("| server | scenario | offered deliveries/s | delivered msg/s | p50 ms | p99 ms | max ms | loss % | connect all s | server CPU s | generator CPU s | peak RSS MiB | server CPU-s per M deliveries | CPU per delivery vs Node | delivered vs Node | server context switches per 1k deliveries | server CPU s settling after joins | server CPU ms/s at rest | server CPU-s per M deliveries above rest | above rest vs Node |");
        single.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var scenario in Runs("single") ? SingleNodeScenarios.Where(Matches) : [])
        {
            for (var run = 1; run <= repeats; run++)
            {
                var rows = new List<(ServerKind Kind, Measured? Row, string Text)>();
                foreach (var kind in singleNodeKinds)
                {
                    Measured? measured = null;
                    var failure = await RowAsync(kind.Name, scenario.Name, async () =>
                    {
                        await using var pods = await PodSet.StartAsync(kind, 1, null, cancellation);
                        measured = await MeasureAsync(pods, scenario, kind, cancellation);
                        return "";
                    });
                    rows.Add((kind, measured, failure));
                }

                var node = rows.FirstOrDefault(r => r.Kind is ServerKind.NodeReference).Row;
                foreach (var (kind, row, failure) in rows)
                {
                    single.AppendLine(row is not { } m ? failure : Invariant(
                        $"| {kind.Name} | {ScenarioLabel(scenario, run)} | {Offered(scenario):N0} | {m.Result.DeliveredPerSecond:N0} | {m.Result.P50Milliseconds:F1} | {m.Result.P99Milliseconds:F1} | {m.Result.MaxMilliseconds:F0} | {m.Result.LossPercent:F2} | {m.Result.ConnectSeconds:F2} | {m.CpuSeconds:F1} | {m.GeneratorCpuSeconds:F1} | {m.PeakRssKiB / 1024.0:F0} | {m.CpuSecondsPerMillion:F2} | {Ratio(m.CpuSecondsPerMillion, node?.CpuSecondsPerMillion)} | {Ratio(m.Result.DeliveredPerSecond, node?.Result.DeliveredPerSecond)} | {m.ContextSwitchesPerThousand:F0} | {m.SettlingCpuSeconds:F2} | {m.RestCpuSecondsPerSecond * 1000:F0} | {m.CpuSecondsPerMillionAboveRest:F2} | {Ratio(m.CpuSecondsPerMillionAboveRest, node?.CpuSecondsPerMillionAboveRest)} |"));
                }
            }
        }

        var idle = new StringBuilder();
        idle.AppendLine("| server | idle clients | RSS before MiB | RSS after MiB | KiB per idle connection | connect all s |");
        idle.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var kind in Runs("idle") ? idleKinds : [])
        {
            idle.AppendLine(await RowAsync(kind.Name, "idle", () => IdleMemoryAsync(kind, cancellation)));
        }

        var cluster = new StringBuilder();
        cluster.AppendLine("| servers | scenario | offered deliveries/s | delivered msg/s | p50 ms | p99 ms | max ms | loss % | Redis→pods MiB | PUBLISH calls | pods CPU s | generator CPU s | pods CPU-s per M deliveries | CPU per delivery vs Node | delivered vs Node | pods CPU s settling after joins | pods CPU ms/s at rest | pods CPU-s per M deliveries above rest | above rest vs Node |");
        cluster.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        await using (var redis = await RedisServer.StartAsync())
        {
            foreach (var scenario in Runs("cluster") ? ClusterScenarios.Where(c => Matches(c.Load)) : [])
            {
                for (var run = 1; run <= repeats; run++)
                {
                    var rows = new List<(ServerKind Kind, ClusterMeasured? Row, string Text)>();
                    foreach (var kind in clusterKinds)
                    {
                        ClusterMeasured? measured = null;
                        var failure = await RowAsync($"{scenario.Pods} x {kind.Name}", scenario.Load.Name, async () =>
                        {
                            measured = await ClusterRowAsync(kind, scenario, redis, cancellation);
                            return "";
                        });
                        rows.Add((kind, measured, failure));
                    }

                    var node = rows.FirstOrDefault(r => r.Kind is ServerKind.NodeReference).Row?.Measured;
                    foreach (var (kind, row, failure) in rows)
                    {
                        if (row is not { } c)
                        {
                            cluster.AppendLine(failure);
                            continue;
                        }

                        var m = c.Measured;
                        cluster.AppendLine(Invariant(
                            $"| {scenario.Pods} x {kind.Name} | {ScenarioLabel(scenario.Load, run)} | {Offered(scenario.Load):N0} | {m.Result.DeliveredPerSecond:N0} | {m.Result.P50Milliseconds:F1} | {m.Result.P99Milliseconds:F1} | {m.Result.MaxMilliseconds:F0} | {m.Result.LossPercent:F2} | {c.RedisOutBytes / 1048576.0:F1} | {c.PublishCalls:N0} | {m.CpuSeconds:F1} | {m.GeneratorCpuSeconds:F1} | {m.CpuSecondsPerMillion:F2} | {Ratio(m.CpuSecondsPerMillion, node?.CpuSecondsPerMillion)} | {Ratio(m.Result.DeliveredPerSecond, node?.Result.DeliveredPerSecond)} | {m.SettlingCpuSeconds:F2} | {m.RestCpuSecondsPerSecond * 1000:F0} | {m.CpuSecondsPerMillionAboveRest:F2} | {Ratio(m.CpuSecondsPerMillionAboveRest, node?.CpuSecondsPerMillionAboveRest)} |"));
                    }
                }
            }
        }

        var hostile = new StringBuilder();
        hostile.AppendLine(HostileRow.Header);
        if (Runs("hostile"))
        {
            // Only ours: the Node reference has no byte bounds and would take the machine's memory.
            var ours = singleNodeKinds[0];
            hostile.AppendLine(await RowAsync(ours.Name, "hostile", () => HostileRow.RunAsync(ours, Warmup, log, cancellation)));
        }

        var failover = new StringBuilder();
        failover.AppendLine(FailoverRow.Header);
        var overhead = new StringBuilder();
        overhead.AppendLine("| servers | backplane | scenario | delivered msg/s | p50 ms | p99 ms | loss % | pods CPU s while publishing |");
        overhead.AppendLine("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |");
        if (Runs("failover"))
        {
            foreach (var freeze in new[] { false, true })
            {
                foreach (var kind in new[] { clusterKinds[0], ClusterNodeReference })
                {
                    failover.AppendLine(await RowAsync(kind.Name, freeze ? "SIGSTOP" : "kill -9",
                        () => FailoverRow.RunAsync(kind, freeze, log, cancellation)));
                }
            }

            var ours = clusterKinds[0];
            overhead.AppendLine(await RowAsync(ours.Name, "plain", () => OverheadRowAsync(ours, sentinel: false, cancellation)));
            overhead.AppendLine(await RowAsync(ours.Name, "sentinel", () => OverheadRowAsync(ours, sentinel: true, cancellation)));
        }

        var recoveryCost = new StringBuilder();
        recoveryCost.AppendLine("| servers | recovery | scenario | delivered msg/s | p50 ms | p99 ms | loss % | pods CPU s while publishing | Redis CPU s | Redis used_memory MiB |");
        recoveryCost.AppendLine("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        var rolloutRows = new StringBuilder();
        rolloutRows.AppendLine(RolloutRow.Header);
        if (Runs("recovery") && clusterKinds[0] is ServerKind.Ours bundled)
        {
            var node = ClusterNodeReference;
            recoveryCost.AppendLine(await RowAsync(bundled.Name, "recovery off", () => RecoveryCostRowAsync(bundled, "off", cancellation)));
            recoveryCost.AppendLine(await RowAsync(bundled.Name, "recovery on",
                () => RecoveryCostRowAsync(bundled.WithDefault("CONNECTION_STATE_RECOVERY", "true"), "on", cancellation)));
            recoveryCost.AppendLine(await RowAsync(node.Name, "recovery off",
                () => RecoveryCostRowAsync(node, "off (the Redis pub/sub adapter cannot recover)", cancellation)));
            foreach (var recovery in new[] { false, true })
            {
                rolloutRows.AppendLine(await RowAsync(bundled.Name, recovery ? "rollout, recovery on" : "rollout, recovery off", async () =>
                {
                    var report = await RolloutRow.RunAsync(bundled, recovery, rollout ?? RolloutScenario.Default, log, cancellation);
                    log.WriteLine($"{bundled.Name}: rollout, recovery {(recovery ? "on" : "off")}: {report}");
                    return RolloutRow.Row(bundled.Name, recovery, report);
                }));
            }
        }

        return $"### One server\n\n{single}\n### Idle connections\n\n{idle}\n### Replicas + Redis\n\n{cluster}\n### Hostile clients\n\n{hostile}" +
               $"\n### Failover (Sentinel)\n\n{failover}\n### Sentinel vs plain Redis\n\n{overhead}" +
               $"\n### Connection state recovery: cost per broadcast\n\n{recoveryCost}\n### Connection state recovery: rolling restart\n\n{rolloutRows}";
    }

    private static double Offered(LoadScenario scenario) =>
        (double)scenario.Publishers * scenario.RatePerPublisher * scenario.Clients / scenario.Rooms;

    private static long PublishCalls(string? commandStats)
    {
        // Format: calls=123,usec=...,usec_per_call=...
        var calls = commandStats?.Split(',').FirstOrDefault(part => part.StartsWith("calls=", StringComparison.Ordinal));
        return calls is null ? 0 : long.Parse(calls["calls=".Length..], CultureInfo.InvariantCulture);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private async Task<string> RowAsync(string server, string scenario, Func<Task<string>> measure)
    {
        try
        {
            return await measure();
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or WebSocketException
            or HttpRequestException or IOException)
        {
            log.WriteLine($"{server}: {scenario}: failed: {e}");
            return $"| {server} | {scenario} | failed: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")} |";
        }
    }

    private string ScenarioLabel(LoadScenario scenario, int run) =>
        repeats == 1 ? scenario.Name : Invariant($"{scenario.Name} (run {run})");

    /// <summary>One figure over Node's in the same run, e.g. <c>0.31x</c>; empty without a Node row to compare with.</summary>
    public static string Ratio(double value, double? node) =>
        node is > 0 ? Invariant($"{value / node.Value:F2}x") : "";

    /// <param name="afterWarmup">Runs between the warm-up and the measured run (to reset counters kept elsewhere).</param>
    private async Task<Measured> MeasureAsync(PodSet pods, LoadScenario scenario, ServerKind kind, CancellationToken cancellation,
        Func<Task>? afterWarmup = null)
    {
        await LoadRunner.RunAsync(WarmupFor(pods.Urls.Count), pods.Urls, cancellation);
        if (afterWarmup is not null)
        {
            await afterWarmup();
        }

        var before = pods.TotalStats();
        var generatorBefore = ProcessStats.Read(Environment.ProcessId);
        ProcessStats publishingStarted = default, settled = default;
        var restCpuPerSecond = 0.0;
        var settlingCpuSeconds = 0.0;
        var publishingClock = new Stopwatch();
        // Per-room backplane subscriptions follow the joins asynchronously; every kind gets the same pause.
        var result = await LoadRunner.RunAsync(scenario, pods.Urls, cancellation,
            async () =>
            {
                await Task.Delay(SubscriptionSettle, cancellation);
                settlingCpuSeconds = await SettleAsync(pods, $"{kind.Name}: {scenario.Name}", cancellation);
                restCpuPerSecond = await CpuSecondsPerSecondOverAsync(pods, RestWindow, cancellation);
                publishingStarted = pods.TotalStats();
                publishingClock.Start();
            },
            () =>
            {
                settled = pods.TotalStats();
                publishingClock.Stop();
            });
        var generatorAfter = ProcessStats.Read(Environment.ProcessId);
        var after = pods.TotalStats();
        var measured = new Measured(result, after.CpuSeconds - before.CpuSeconds, generatorAfter.CpuSeconds - generatorBefore.CpuSeconds,
            after.PeakRssKiB, settled.CpuSeconds - publishingStarted.CpuSeconds, settled.ContextSwitches - publishingStarted.ContextSwitches,
            settlingCpuSeconds, restCpuPerSecond, publishingClock.Elapsed.TotalSeconds);
        log.WriteLine(Invariant(
            $"{kind.Name}: {scenario.Name}: sent {result.Sent}, expected {result.Expected}, received {result.Received}, {result.DeliveredPerSecond:N0}/s, p99 {result.P99Milliseconds:F1} ms, lost clients {result.ClientsLost}, {measured.CpuSecondsPerMillion:F2} CPU-s/M ({measured.CpuSecondsPerMillionAboveRest:F2} above {measured.RestCpuSecondsPerSecond * 1000:F0} ms/s at rest, {measured.SettlingCpuSeconds:F2} CPU-s settling), {measured.ContextSwitchesPerThousand:F0} switches/1k"));
        return measured;
    }

    /// <summary>
    /// Waits until the servers are quiet after the joins (or the limit runs out); returns the CPU they spent until then
    /// and logs it second by second.
    /// </summary>
    private async Task<double> SettleAsync(PodSet pods, string row, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var seconds = new List<double>();
        do
        {
            seconds.Add(await CpuSecondsPerSecondOverAsync(pods, QuietProbe, cancellation) * QuietProbe.TotalSeconds);
        }
        while (seconds[^1] > QuietCpuSecondsPerPod * pods.Urls.Count && clock.Elapsed < SettlingLimit);

        log.WriteLine(Invariant($"{row}: settling after the joins, CPU ms per second: {string.Join(' ', seconds.Select(cpu => Math.Round(cpu * 1000)))}"));
        return seconds.Sum();
    }

    /// <summary>The servers' CPU seconds per second of wall time over <paramref name="window"/>.</summary>
    private static async Task<double> CpuSecondsPerSecondOverAsync(PodSet pods, TimeSpan window, CancellationToken cancellation)
    {
        var started = pods.TotalStats().CpuSeconds;
        var clock = Stopwatch.StartNew();
        await Task.Delay(window, cancellation);
        return (pods.TotalStats().CpuSeconds - started) / clock.Elapsed.TotalSeconds;
    }

    private async Task<ClusterMeasured> ClusterRowAsync(ServerKind kind, ClusterScenario cluster, RedisServer redis, CancellationToken cancellation)
    {
        await using var pods = await PodSet.StartAsync(kind, cluster.Pods, redis.Url, cancellation);
        var measured = await MeasureAsync(pods, cluster.Load, kind, cancellation,
            afterWarmup: () => redis.CommandAsync("CONFIG", "RESETSTAT"));
        var redisOut = long.Parse(await redis.InfoFieldAsync("stats", "total_net_output_bytes") ?? "0", CultureInfo.InvariantCulture);
        var publishCalls = PublishCalls(await redis.InfoFieldAsync("commandstats", "cmdstat_publish"))
            + PublishCalls(await redis.InfoFieldAsync("commandstats", "cmdstat_spublish"));
        return new ClusterMeasured(measured, redisOut, publishCalls);
    }

    /// <summary>The same cluster load on one plain Redis and behind Sentinel: what following the master costs per message.</summary>
    private async Task<string> OverheadRowAsync(ServerKind kind, bool sentinel, CancellationToken cancellation)
    {
        var scenario = ManyRooms;
        await using var group = sentinel ? await RedisSentinelGroup.StartAsync() : null;
        await using var plain = sentinel ? null : await RedisServer.StartAsync(RedisSentinelGroup.DefaultPassword);
        await using var pods = await PodSet.StartAsync(kind, 3, group?.Url() ?? plain!.Url, cancellation);
        var measured = await MeasureAsync(pods, scenario, kind, cancellation);
        var result = measured.Result;
        return Invariant(
            $"| 3 x {kind.Name} | {(sentinel ? "Sentinel (master + 2 replicas, 3 sentinels)" : "one Redis")} | {scenario.Name} | {result.DeliveredPerSecond:N0} | {result.P50Milliseconds:F1} | {result.P99Milliseconds:F1} | {result.LossPercent:F2} | {measured.PublishingCpuSeconds:F1} |");
    }

    /// <summary>
    /// Rooms spread over three pods on a fresh redis-server, recovery off or on: what the session store and the
    /// broadcast log cost the pods and Redis per broadcast.
    /// </summary>
    private async Task<string> RecoveryCostRowAsync(ServerKind kind, string recovery, CancellationToken cancellation)
    {
        var scenario = ManyRooms;
        await using var redis = await RedisServer.StartAsync();
        await using var pods = await PodSet.StartAsync(kind, 3, redis.Url, cancellation);
        var redisCpuBefore = 0.0;
        var measured = await MeasureAsync(pods, scenario, kind, cancellation,
            afterWarmup: async () => redisCpuBefore = await RedisCpuSecondsAsync(redis));
        var (result, cpu) = (measured.Result, measured.PublishingCpuSeconds);
        var redisCpu = await RedisCpuSecondsAsync(redis) - redisCpuBefore;
        var usedMemory = long.Parse(await redis.InfoFieldAsync("memory", "used_memory") ?? "0", CultureInfo.InvariantCulture);
        return Invariant(
            $"| 3 x {kind.Name} | {recovery} | {scenario.Name} | {result.DeliveredPerSecond:N0} | {result.P50Milliseconds:F1} | {result.P99Milliseconds:F1} | {result.LossPercent:F2} | {cpu:F1} | {redisCpu:F2} | {usedMemory / 1048576.0:F1} |");
    }

    private static async Task<double> RedisCpuSecondsAsync(RedisServer redis)
    {
        async Task<double> Field(string name) =>
            double.Parse(await redis.InfoFieldAsync("cpu", name) ?? "0", CultureInfo.InvariantCulture);
        return await Field("used_cpu_sys") + await Field("used_cpu_user");
    }

    private async Task<string> IdleMemoryAsync(ServerKind kind, CancellationToken cancellation)
    {
        await using var pods = await PodSet.StartAsync(kind, 1, null, cancellation);
        if (kind.ServesAppContract)
        {
            await LoadRunner.RunAsync(Warmup, pods.Urls, cancellation);
        }
        else
        {
            var warmupClients = await LoadRunner.ConnectIdleAsync(Warmup.Clients, pods.Urls, 50, cancellation);
            await Task.WhenAll(warmupClients.Select(c => c.DisposeAsync().AsTask()));
        }

        var before = pods.TotalStats();
        var clock = Stopwatch.StartNew();
        var clients = await LoadRunner.ConnectIdleAsync(IdleClients, pods.Urls, 50, cancellation);
        var connectSeconds = clock.Elapsed.TotalSeconds;
        try
        {
            // Let the server finish its per-connection allocations (timers, first heartbeat) before reading RSS.
            await Task.Delay(TimeSpan.FromSeconds(3), cancellation);
            var after = pods.TotalStats();
            log.WriteLine(Invariant($"{kind.Name}: idle {IdleClients} clients, RSS {before.RssKiB} -> {after.RssKiB} KiB"));
            return Invariant(
                $"| {kind.Name} | {IdleClients:N0} | {before.RssKiB / 1024.0:F0} | {after.RssKiB / 1024.0:F0} | {(after.RssKiB - before.RssKiB) / (double)IdleClients:F1} | {connectSeconds:F2} |");
        }
        finally
        {
            await Task.WhenAll(clients.Select(c => c.DisposeAsync().AsTask()));
        }
    }
}
