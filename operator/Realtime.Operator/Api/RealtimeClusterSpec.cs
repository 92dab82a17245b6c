using System.ComponentModel;
using k8s.Models;
using Realtime.Operator.Api.Schema;

namespace Realtime.Operator.Api;

/// <summary>
/// The desired cluster. Property initializers are the defaults: the CRD generator publishes them as OpenAPI
/// defaults, so the API server and <c>render</c> fill in the same values.
/// </summary>
public sealed class RealtimeClusterSpec
{
    [Description("Server pods. Ignored while autoscaling is enabled. More than one needs a Redis backplane.")]
    [NumberRange(0, 1000)]
    public int Replicas { get; set; } = 2;

    [Description("Server image. Default: the realtime-server image released with this operator; required when app.preset is not RealtimeServer.")]
    [Length(1, 512)]
    public string? Image { get; set; }

    [Description("Image pull policy of the server container.")]
    public ImagePullPolicy? ImagePullPolicy { get; set; }

    [Description("CPU and memory requests and limits of the server container.")]
    public V1ResourceRequirements? Resources { get; set; }

    [Description("Node labels the server pods must run on.")]
    public IDictionary<string, string>? NodeSelector { get; set; }

    [Description("Tolerations of the server pods.")]
    public IList<V1Toleration>? Tolerations { get; set; }

    [Description("Affinity rules of the server pods.")]
    public V1Affinity? Affinity { get; set; }

    [Description("How server pods spread over failure domains. Default: as evenly as possible over nodes and zones, without blocking scheduling.")]
    public IList<V1TopologySpreadConstraint>? TopologySpreadConstraints { get; set; }

    [Description("Annotations added to the server pods.")]
    public IDictionary<string, string>? PodAnnotations { get; set; }

    [Description("The Socket.IO server the pods run: the bundled realtime-server, or your own app (Flask-SocketIO, Node socket.io, ...).")]
    public AppSpec App { get; set; } = new();

    [Description("Engine.IO and Socket.IO settings. The bundled server applies all of them; your own app gets path (routing) and corsOrigins (in CORS_ORIGINS), and configures the rest itself.")]
    public SocketIOSpec Socketio { get; set; } = new();

    [Description("The Redis backplane that carries broadcasts between pods.")]
    public RedisSpec Redis { get; set; } = new();

    [Description("How clients reach the pods, with cookie affinity so that a session stays on its pod.")]
    public RoutingSpec Routing { get; set; } = new();

    [Description("A HorizontalPodAutoscaler for the server pods.")]
    public AutoscalingSpec Autoscaling { get; set; } = new();

    [Description("The PodDisruptionBudget of the server pods.")]
    public DisruptionSpec Disruption { get; set; } = new();

    [Description("How a server pod drains its connections when it stops.")]
    public DrainSpec Drain { get; set; } = new();
}

/// <summary>When the kubelet pulls the server image.</summary>
public enum ImagePullPolicy
{
    Always,
    IfNotPresent,
    Never,
}
