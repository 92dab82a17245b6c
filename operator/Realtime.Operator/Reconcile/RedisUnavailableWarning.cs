using k8s.Models;
using Realtime.Operator.Api;

namespace Realtime.Operator.Reconcile;

/// <summary>
/// When a Redis backplane that is not ready is worth a Warning event. A Redis that has not come up yet next to
/// server pods that already run is what every new cluster looks like for a few seconds; warning then made alerts
/// on Warning events fire on every create. So: at once when Redis was ready before (an outage), and otherwise
/// only once it has stayed unready for the grace period.
/// </summary>
internal static class RedisUnavailableWarning
{
    /// <summary>How long a Redis that never became ready may take before it is reported: an image pull and a start on a busy node.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromMinutes(2);

    /// <summary>What to do about the Redis backplane after a status change from <paramref name="previous"/> to <paramref name="next"/>.</summary>
    /// <param name="warned">Whether this unready spell (by its RedisReady transition time) was already reported.</param>
    public static Decision Decide(RealtimeClusterStatus? previous, RealtimeClusterStatus next, DateTime now, bool warned, TimeSpan grace)
    {
        ArgumentNullException.ThrowIfNull(next);
        var degraded = ConditionOf(next, ConditionTypes.Degraded);
        var redis = ConditionOf(next, ConditionTypes.RedisReady);
        if (degraded is not { Status: "True", Reason: "RedisUnavailable" } || redis is null || warned)
        {
            return Decision.Nothing;
        }

        if (ConditionOf(previous, ConditionTypes.RedisReady)?.Status == "True")
        {
            return Decision.WarnNow;
        }

        var unreadyFor = now - redis.LastTransitionTime;
        return unreadyFor >= grace ? Decision.WarnNow : Decision.LookAgainAfter(grace - unreadyFor);
    }

    private static V1Condition? ConditionOf(RealtimeClusterStatus? status, string type) => status?.Conditions?.FirstOrDefault(c => c.Type == type);

    /// <summary>Warn now, look again after a delay (the grace period runs), or nothing.</summary>
    public readonly record struct Decision(bool Warn, TimeSpan? RecheckAfter)
    {
        public static Decision Nothing => new(false, null);

        public static Decision WarnNow => new(true, null);

        public static Decision LookAgainAfter(TimeSpan delay) => new(false, delay);
    }
}
