namespace Realtime.Operator.Api;

/// <summary>The condition types of <see cref="RealtimeClusterStatus.Conditions"/>.</summary>
public static class ConditionTypes
{
    public const string Ready = "Ready";
    public const string Available = "Available";
    public const string Progressing = "Progressing";
    public const string Degraded = "Degraded";
    public const string RedisReady = "RedisReady";
    public const string RoutingReady = "RoutingReady";
    public const string ConfigValid = "ConfigValid";

    public static IReadOnlyList<string> All { get; } = [Ready, Available, Progressing, Degraded, RedisReady, RoutingReady, ConfigValid];
}
