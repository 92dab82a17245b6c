using System.Globalization;
using System.Text.Json;
using Realtime.Testing;

namespace Realtime.Bench;

/// <summary>
/// Three pods on one Sentinel-managed shard (master, two replicas, three sentinels; down-after 500 ms,
/// failover-timeout 2 s), cross-pod room traffic on every pod pair through the app contract every 50 ms
/// (tests/node/scripts/failover-probe.js), then <c>kill -9</c> or SIGSTOP of the master. Counted from the clients'
/// receipts (<see cref="FailoverReport"/>): when every pod pair resumed, what was lost by publish time, duplicates,
/// and pairs still deaf 20 s after the fault.
/// </summary>
public static class FailoverRow
{
    public const string Header =
        "| server | fault | pairs delivering again | worst pair resumed, ms after the fault | published after the fault | lost | last lost published, ms after the fault | duplicates | longest publish-to-receipt ms |\n" +
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |";

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);

    public static async Task<string> RunAsync(ServerKind kind, bool freeze, TextWriter log, CancellationToken cancellation)
    {
        var fault = freeze ? "SIGSTOP of the master" : "kill -9 of the master";
        await using var group = await RedisSentinelGroup.StartAsync();
        await using var pods = await PodSet.StartAsync(kind, 3, group.Url(), cancellation);
        await using var probe = NodeScript.Start("failover-probe.js", new Dictionary<string, string>
        {
            ["urls"] = string.Join(',', pods.Urls.Select(url => url.ToString().TrimEnd('/'))),
        });
        await Eventually.TrueAsync(() => probe.Output.Contains("{\"ready\":true}", StringComparison.Ordinal), Bound,
            $"the probe's clients joined. Output:\n{probe.Output}");
        await probe.WriteLineAsync("start");
        var start = Now;
        await Eventually.TrueAsync(() => PairsDeliveringSince(probe, start) == 6, Bound, "traffic flows on every pod pair");

        var master = group.Nodes[0];
        var faultAt = Now;
        if (freeze)
        {
            await master.PauseAsync();
        }
        else
        {
            await master.StopAsync();
        }

        await group.WaitForFailoverAsync(master, Bound);
        var promotedAt = Now;
        int delivering = 0;
        try
        {
            await Eventually.TrueAsync(() => (delivering = PairsDeliveringSince(probe, promotedAt)) == 6, Bound,
                "every pod pair delivers messages published after the promotion");
        }
        catch (TimeoutException)
        {
            log.WriteLine($"{kind.Name}: {fault}: only {delivering} of 6 pod pairs deliver {Bound} after the promotion");
        }

        // Settled: every pair delivers what is published from here on; two more seconds of traffic show it stays so.
        var settledAt = Now;
        await Eventually.TrueAsync(() => Receipts(probe).Any(r => r.PublishedAt > settledAt + 2000) || Now > settledAt + 10_000, Bound,
            "two more seconds of traffic");
        await probe.WriteLineAsync("stop");
        await Eventually.TrueAsync(() => probe.Output.Contains("{\"stopped\":true}", StringComparison.Ordinal), Bound, "the probe stopped");
        var sent = Sent(probe);
        var lastOfEachPair = sent.GroupBy(s => (s.From, s.To)).Select(g => g.Max(s => s.Sequence)).ToList();
        try
        {
            await Eventually.TrueAsync(() =>
            {
                var arrived = Receipts(probe).Select(r => r.Sequence).ToHashSet();
                return lastOfEachPair.All(arrived.Contains);
            }, TimeSpan.FromSeconds(5), "the last message of every pair arrived");
        }
        catch (TimeoutException)
        {
            log.WriteLine($"{kind.Name}: {fault}: the last message of some pair never arrived");
        }

        var report = FailoverReport.Analyze(sent, Receipts(probe), 3, faultAt, settledAt);
        log.WriteLine($"{kind.Name}: {fault}: {report}");
        if (freeze)
        {
            await master.ResumeAsync();
        }

        return string.Create(CultureInfo.InvariantCulture,
            $"| {kind.Name} | {fault} | {delivering} of 6 | {(report.ResumedMs.Count == 6 ? report.WorstResumeMs.ToString(CultureInfo.InvariantCulture) : "never")} | {report.Sent:N0} | {report.Lost:N0} | {report.LastLostAfterKillMs} | {report.Duplicates} | {report.MaxLatencyMs} |");
    }

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    private static int PairsDeliveringSince(ChildProcess probe, long since) =>
        Receipts(probe).Where(r => r.PublishedAt > since).Select(r => (r.From, r.To)).Distinct().Count();

    private static List<TrafficReceipt> Receipts(ChildProcess probe) =>
        Parse(probe, "r").Select(a => new TrafficReceipt((int)a[0], (int)a[1], a[2], a[3], a[4])).ToList();

    private static List<TrafficSent> Sent(ChildProcess probe) =>
        Parse(probe, "s").Select(a => new TrafficSent((int)a[0], (int)a[1], a[2], a[3])).ToList();

    private static IEnumerable<long[]> Parse(ChildProcess probe, string kind)
    {
        var prefix = $"{{\"{kind}\":[";
        foreach (var line in probe.Output.Split('\n'))
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                using var document = JsonDocument.Parse(line);
                yield return document.RootElement.GetProperty(kind).EnumerateArray().Select(e => e.GetInt64()).ToArray();
            }
        }
    }
}
