using System.ComponentModel;
using k8s;
using k8s.Models;
using Realtime.Operator.Api.Schema;

namespace Realtime.Operator.Api;

/// <summary>One Socket.IO application scaled out on Kubernetes: its server pods, Redis backplane and sticky routing.</summary>
[KubernetesEntity(Group = ApiGroup, ApiVersion = ApiVersionName, Kind = KindName, PluralName = Plural)]
[ShortNames("rtc")]
[Categories("realtime")]
[ScaleSubresource(".spec.replicas", ".status.replicas", ".status.selector")]
[PrinterColumn("Desired", "integer", ".status.desiredReplicas", "Server pods asked for now (with autoscaling, the HPA's choice).")]
[PrinterColumn("Current", "integer", ".status.replicas", "Server pods that exist.")]
[PrinterColumn("Ready", "integer", ".status.readyReplicas", "Server pods ready to take connections.")]
[PrinterColumn("Redis", "string", ".spec.redis.mode", "How the pods share broadcasts.")]
[PrinterColumn("Host", "string", ".status.routing.host", "Public host of the Socket.IO endpoint.")]
[PrinterColumn("Age", "date", ".metadata.creationTimestamp", "Time since creation.")]
[Description("A Socket.IO application scaled out on Kubernetes: server pods, a Redis backplane and cookie-sticky routing.")]
public sealed class RealtimeCluster : IKubernetesObject<V1ObjectMeta>, ISpec<RealtimeClusterSpec>, IStatus<RealtimeClusterStatus?>
{
    public const string ApiGroup = "realtime.dev";
    public const string ApiVersionName = "v1alpha1";
    public const string KindName = "RealtimeCluster";
    public const string Plural = "realtimeclusters";
    public const string GroupVersion = ApiGroup + "/" + ApiVersionName;

    [NoSchemaDefault]
    public string ApiVersion { get; set; } = GroupVersion;

    [NoSchemaDefault]
    public string Kind { get; set; } = KindName;

    public V1ObjectMeta Metadata { get; set; } = new();

    [Description("The desired cluster.")]
    public RealtimeClusterSpec Spec { get; set; } = new();

    [Description("What the operator observed; written only by the operator.")]
    public RealtimeClusterStatus? Status { get; set; }
}
