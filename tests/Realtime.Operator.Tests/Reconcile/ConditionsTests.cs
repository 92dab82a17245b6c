using k8s.Models;
using Realtime.Operator.Api;
using Realtime.Operator.Reconcile;

namespace Realtime.Operator.Tests.Reconcile;

public sealed class ConditionsTests
{
    private static readonly DateTime Earlier = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Now = new(2026, 1, 2, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void The_transition_time_stays_while_the_status_stays_even_when_reason_and_generation_change()
    {
        var previous = new[] { Condition("Ready", "True", "Ready", Earlier, generation: 1) };
        var conditions = new Conditions(previous, generation: 2, Now);

        conditions.Set("Ready", true, "StillReady", "message changed");

        var ready = Assert.Single(conditions.ToList());
        Assert.Equal(Earlier, ready.LastTransitionTime);
        Assert.Equal(2, ready.ObservedGeneration);
        Assert.Equal("StillReady", ready.Reason);
        Assert.False(Conditions.Became(previous, conditions.ToList(), "Ready", "True"));
    }

    [Fact]
    public void The_transition_time_moves_when_the_status_flips_or_the_condition_is_new()
    {
        var previous = new[] { Condition("Ready", "True", "Ready", Earlier, generation: 1) };
        var conditions = new Conditions(previous, generation: 1, Now);

        conditions.Set("Ready", false, "RollingOut", "");
        conditions.Set("RedisReady", null, "Unknown", "");

        var list = conditions.ToList();
        Assert.All(list, c => Assert.Equal(Now, c.LastTransitionTime));
        Assert.Equal("Unknown", list.Single(c => c.Type == "RedisReady").Status);
        Assert.True(Conditions.Became(previous, conditions.ToList(), "Ready", "False"));
    }

    [Fact]
    public void Conditions_come_out_in_the_documented_order()
    {
        var conditions = new Conditions(null, 1, Now);
        foreach (var type in ConditionTypes.All.Reverse())
        {
            conditions.Set(type, true, "Reason", "");
        }

        Assert.Equal(ConditionTypes.All, conditions.ToList().Select(c => c.Type));
    }

    private static V1Condition Condition(string type, string status, string reason, DateTime time, long generation) => new()
    {
        Type = type,
        Status = status,
        Reason = reason,
        Message = "",
        LastTransitionTime = time,
        ObservedGeneration = generation,
    };
}
