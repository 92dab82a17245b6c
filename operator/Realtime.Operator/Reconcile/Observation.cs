using k8s.Models;
using Realtime.Operator.Api;

namespace Realtime.Operator.Reconcile;

/// <summary>What one reconcile saw of the cluster: the inputs of the status, all taken from the API server's answers.</summary>
internal sealed record Observation
{
    public required RealtimeCluster Cluster { get; init; }

    /// <summary>Spec errors the API server's schema could not catch ("field: reason").</summary>
    public IReadOnlyList<string> SpecErrors { get; init; } = [];

    /// <summary>Problems with what the spec references (missing Secrets or keys): reason and message.</summary>
    public IReadOnlyList<(string Reason, string Message)> ReferenceProblems { get; init; } = [];

    /// <summary>The server Deployment as the API server returned it after the apply.</summary>
    public V1Deployment? Server { get; init; }

    /// <summary>The managed Redis Deployments, one per shard, as returned after the apply.</summary>
    public IReadOnlyList<V1Deployment> RedisShards { get; init; } = [];

    /// <summary>The high-availability Redis StatefulSets, one per shard, as returned after the apply.</summary>
    public IReadOnlyList<V1StatefulSet> RedisStatefulSets { get; init; } = [];

    public required RoutingObservation Routing { get; init; }

    /// <summary>Children that could not be applied or pruned ("Kind/name: error").</summary>
    public IReadOnlyList<string> ApplyErrors { get; init; } = [];
}

/// <summary>The routing object's state: ready (or unknown), why, and the address it reports.</summary>
internal sealed record RoutingObservation(bool? Ready, string Reason, string Message, string? Address = null);
