namespace Realtime.Testing;

/// <summary>One cross-pod message published during a failover measurement (times in Unix ms).</summary>
public readonly record struct TrafficSent(int From, int To, long Sequence, long PublishedAt);

/// <summary>One receipt of it by the client on the target pod.</summary>
public readonly record struct TrafficReceipt(int From, int To, long Sequence, long PublishedAt, long ReceivedAt);

/// <summary>
/// What a failover cost, counted from the clients' receipts, times in ms after the kill: when each pod pair resumed
/// (the end of its longest silence; traffic runs every 50 ms, so that silence is the failover's), what was lost by
/// publish time, duplicates, and the longest publish-to-receipt of a message published after the kill.
/// </summary>
public sealed record FailoverReport(int Sent, int Lost, int LostAfterSettled, long LastLostAfterKillMs, int Duplicates,
    IReadOnlyDictionary<(int From, int To), long> ResumedMs, long MaxLatencyMs, int Pairs,
    IReadOnlyDictionary<(int From, int To), int> LostByPair)
{
    public long WorstResumeMs => ResumedMs.Count == 0 ? long.MaxValue : ResumedMs.Values.Max();

    /// <param name="settledAt">When every pod was listening on the new master again; nothing published later may be lost.</param>
    public static FailoverReport Analyze(IReadOnlyList<TrafficSent> sent, IReadOnlyList<TrafficReceipt> received, int pods,
        long killedAt, long settledAt)
    {
        var duplicates = received.GroupBy(r => r.Sequence).Sum(g => g.Count() - 1);
        var arrived = received.Select(r => r.Sequence).ToHashSet();
        var lostAfterKill = sent.Where(s => s.PublishedAt >= killedAt && !arrived.Contains(s.Sequence)).ToList();
        var resumed = new Dictionary<(int From, int To), long>();
        foreach (var pair in received.Where(r => r.ReceivedAt >= killedAt - 100).GroupBy(r => (r.From, r.To)))
        {
            var times = pair.Select(r => r.ReceivedAt).Order().ToList();
            var end = times[0];
            long longest = -1;
            for (var i = 1; i < times.Count; i++)
            {
                if (times[i] - times[i - 1] > longest)
                {
                    longest = times[i] - times[i - 1];
                    end = times[i];
                }
            }

            resumed[pair.Key] = end - killedAt;
        }

        var latencies = received.Where(r => r.PublishedAt >= killedAt).Select(r => r.ReceivedAt - r.PublishedAt).DefaultIfEmpty(0);
        return new FailoverReport(
            Sent: sent.Count(s => s.PublishedAt >= killedAt),
            Lost: lostAfterKill.Count,
            LostAfterSettled: lostAfterKill.Count(s => s.PublishedAt >= settledAt),
            LastLostAfterKillMs: lostAfterKill.Count == 0 ? 0 : lostAfterKill.Max(s => s.PublishedAt) - killedAt,
            Duplicates: duplicates,
            ResumedMs: resumed,
            MaxLatencyMs: latencies.Max(),
            Pairs: pods * (pods - 1),
            LostByPair: lostAfterKill.GroupBy(s => (s.From, s.To)).ToDictionary(g => g.Key, g => g.Count()));
    }

    public override string ToString() =>
        $"pairs resumed {ResumedMs.Count}/{Pairs}, worst {WorstResumeMs} ms after the kill " +
        $"(each: {ByPair(ResumedMs)}); " +
        $"sent after the kill {Sent}, lost {Lost} (last lost published {LastLostAfterKillMs} ms after the kill; " +
        $"by pair: {ByPair(LostByPair)}; " +
        $"{LostAfterSettled} after every pod was listening again), duplicates {Duplicates}, " +
        $"longest publish-to-receipt after the kill {MaxLatencyMs} ms";

    private static string ByPair<T>(IReadOnlyDictionary<(int From, int To), T> values) =>
        string.Join(", ", values.OrderBy(p => p.Key).Select(p => $"{p.Key.From}->{p.Key.To} {p.Value}"));
}
