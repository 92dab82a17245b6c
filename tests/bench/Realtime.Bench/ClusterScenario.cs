namespace Realtime.Bench;

/// <summary>A load shape run against <see cref="Pods"/> replicas sharing one Redis.</summary>
public sealed record ClusterScenario(int Pods, LoadScenario Load);
