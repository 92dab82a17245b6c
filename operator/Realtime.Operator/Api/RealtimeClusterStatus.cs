using System.ComponentModel;
using k8s.Models;

namespace Realtime.Operator.Api;

/// <summary>What the operator observed; every field comes from the cluster, not from what was sent.</summary>
public sealed class RealtimeClusterStatus
{
    [Description("metadata.generation of the spec this status describes.")]
    public long? ObservedGeneration { get; set; }

    [Description("Server pods asked for now: spec.replicas, or with autoscaling the HorizontalPodAutoscaler's current choice.")]
    public int? DesiredReplicas { get; set; }

    [Description("Server pods that exist.")]
    public int? Replicas { get; set; }

    [Description("Server pods ready to take connections.")]
    public int? ReadyReplicas { get; set; }

    [Description("Server pods running the current spec.")]
    public int? UpdatedReplicas { get; set; }

    [Description("Label selector of the server pods, for the scale subresource.")]
    public string? Selector { get; set; }

    [Description("The backplane as observed.")]
    public RedisStatus? Redis { get; set; }

    [Description("The routing as observed.")]
    public RoutingStatus? Routing { get; set; }

    [Description("Ready, Available, Progressing, Degraded, RedisReady, RoutingReady and ConfigValid.")]
    public IList<V1Condition>? Conditions { get; set; }
}

/// <summary>The backplane as observed.</summary>
public sealed class RedisStatus
{
    [Description("Whether every Redis the pods use is ready.")]
    public bool? Ready { get; set; }

    [Description("host:port of each Redis master (without credentials).")]
    public IList<string>? Endpoints { get; set; }
}

/// <summary>The routing as observed.</summary>
public sealed class RoutingStatus
{
    [Description("Host clients connect to.")]
    public string? Host { get; set; }

    [Description("Address the routing object reports (load balancer IP or host name).")]
    public string? Address { get; set; }

    [Description("URL of the Socket.IO endpoint.")]
    public string? Url { get; set; }
}
