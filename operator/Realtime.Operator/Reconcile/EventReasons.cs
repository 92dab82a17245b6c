namespace Realtime.Operator.Reconcile;

/// <summary>The reasons of the events a RealtimeCluster gets, as `kubectl describe rtc` shows them.</summary>
internal static class EventReasons
{
    public const string Created = "Created";
    public const string Updated = "Updated";
    public const string Deleted = "Deleted";
    public const string Scaled = "Scaled";
    public const string RoutingReady = "RoutingReady";
    public const string RoutingUnavailable = "RoutingUnavailable";
    public const string RedisUnavailable = "RedisUnavailable";
    public const string InvalidSpec = "InvalidSpec";
    public const string SecretNotFound = "SecretNotFound";
    public const string ReconcileError = "ReconcileError";
}
