using k8s.Models;
using Realtime.Operator.Api;
using Realtime.Operator.Hosting;
using Realtime.Operator.Reconcile;
using Realtime.Testing;

namespace Realtime.Operator.Tests.Reconcile;

/// <summary>Defect 7 of issue 11: every new cluster warned RedisUnavailable before Redis had a chance to start.</summary>
public sealed class RedisUnavailableWarningTests
{
    private static readonly DateTime Turned = new(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_redis_that_never_was_ready_waits_out_the_shipped_grace_period()
    {
        var next = Status(redisReady: false);

        Assert.Equal(RedisUnavailableWarning.Decision.LookAgainAfter(TimeSpan.FromSeconds(90)), RedisUnavailableWarning.Decide(null, next, Turned.AddSeconds(30), warned: false, RedisUnavailableWarning.Grace));
        Assert.Equal(RedisUnavailableWarning.Decision.WarnNow, RedisUnavailableWarning.Decide(next, next, Turned.AddMinutes(2), warned: false, RedisUnavailableWarning.Grace));
        Assert.Equal(RedisUnavailableWarning.Decision.Nothing, RedisUnavailableWarning.Decide(next, next, Turned.AddMinutes(5), warned: true, RedisUnavailableWarning.Grace));
        Assert.Equal(TimeSpan.FromMinutes(2), new OperatorTuning().RedisUnavailableGrace);
    }

    [Fact]
    public void A_redis_that_was_ready_is_reported_at_once()
    {
        Assert.Equal(RedisUnavailableWarning.Decision.WarnNow, RedisUnavailableWarning.Decide(Status(redisReady: true), Status(redisReady: false), Turned, warned: false, RedisUnavailableWarning.Grace));
    }

    [Fact]
    public void Nothing_is_reported_unless_server_pods_run_without_redis()
    {
        var notDegraded = Status(redisReady: false, degradedReason: null);

        Assert.Equal(RedisUnavailableWarning.Decision.Nothing, RedisUnavailableWarning.Decide(Status(redisReady: true), notDegraded, Turned.AddHours(1), warned: false, RedisUnavailableWarning.Grace));
    }

    [Fact]
    public async Task A_redis_that_does_not_come_up_within_the_grace_period_is_reported()
    {
        await using var harness = await OperatorHarness.StartAsync();
        harness.UnreadyDeployments.Add("chat-redis");
        harness.StartOperator(tuning: OperatorHarness.FastTuning with { RedisUnavailableGrace = TimeSpan.FromSeconds(1) });

        await harness.CreateClusterAsync("chat", """{"routing":{"host":"chat.example.com"}}""");

        await Eventually.TrueAsync(() => harness.Events("chat").Any(e => e is { Type: "Warning", Reason: "RedisUnavailable" }), TimeSpan.FromSeconds(15), "warned after the grace period");
        Assert.Equal(1, harness.Events("chat").Single(e => e.Reason == "RedisUnavailable").Count);
    }

    private static RealtimeClusterStatus Status(bool redisReady, string? degradedReason = "RedisUnavailable") => new()
    {
        Conditions =
        [
            new V1Condition { Type = ConditionTypes.RedisReady, Status = redisReady ? "True" : "False", Reason = redisReady ? "Ready" : "RedisNotReady", LastTransitionTime = Turned, Message = "" },
            new V1Condition
            {
                Type = ConditionTypes.Degraded,
                Status = !redisReady && degradedReason is not null ? "True" : "False",
                Reason = !redisReady && degradedReason is not null ? degradedReason : "AsExpected",
                LastTransitionTime = Turned,
                Message = "",
            },
        ],
    };
}
