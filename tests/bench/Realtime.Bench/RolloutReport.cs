namespace Realtime.Bench;

/// <summary>What the rollout row counted, from each subscriber's receipts and the messages accepted for its room.</summary>
public sealed record RolloutReport(int Clients, int Recovered, int NotRecovered, long Accepted, long Expected, long Lost,
    int ClientsWithLoss, long Duplicates, long PublishFailures, RecoveryResults ServerResults)
{
    public static RolloutReport From(IReadOnlyList<RolloutSubscriber> subscribers, IReadOnlyList<long>[] accepted, long publishFailures,
        RolloutScenario scenario, RecoveryResults serverResults)
    {
        ArgumentNullException.ThrowIfNull(subscribers);
        ArgumentNullException.ThrowIfNull(accepted);
        ArgumentNullException.ThrowIfNull(scenario);
        var lostPerClient = subscribers.Select((s, i) => (long)accepted[i % scenario.Rooms].Count(sequence => !s.HasSeen(sequence))).ToList();
        return new RolloutReport(
            subscribers.Count,
            subscribers.Sum(s => s.Recovered),
            subscribers.Sum(s => s.NotRecovered),
            accepted.Sum(room => (long)room.Count),
            subscribers.Select((_, i) => (long)accepted[i % scenario.Rooms].Count).Sum(),
            lostPerClient.Sum(),
            lostPerClient.Count(lost => lost > 0),
            subscribers.Sum(s => s.Duplicates),
            publishFailures,
            serverResults);
    }

    public override string ToString() =>
        $"{Clients} clients, {Recovered} recovered and {NotRecovered} not, {Accepted} accepted, {Lost} of {Expected} deliveries lost by {ClientsWithLoss} clients, {Duplicates} duplicates, {PublishFailures} publish requests failed; the servers counted: {ServerResults}";
}
