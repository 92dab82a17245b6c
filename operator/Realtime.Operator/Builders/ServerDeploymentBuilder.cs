using k8s.Models;
using Realtime.Operator.Api;

namespace Realtime.Operator.Builders;

/// <summary>The Deployment of the server pods: the bundled realtime-server or the team's own Socket.IO app.</summary>
internal static class ServerDeploymentBuilder
{
    public const string ContainerName = "server";

    /// <summary>The non-root user of the ASP.NET runtime images the server image is built on.</summary>
    public const long ServerUserId = 1654;

    public static V1Deployment Build(RealtimeCluster cluster, OperatorDefaults defaults)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(defaults);
        var spec = cluster.Spec;
        return new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = ChildMetadata.For(cluster, ChildNames.Server(cluster), ChildLabels.ServerComponent),
            Spec = new V1DeploymentSpec
            {
                // With autoscaling the HPA owns replicas (the reconciler hands them over first, see ReplicasHandover);
                // sending any value would fight it.
                Replicas = spec.Autoscaling.Enabled ? null : spec.Replicas,
                Selector = new V1LabelSelector { MatchLabels = ChildLabels.Selector(cluster, ChildLabels.ServerComponent) },

                // Surge one new pod before an old one goes, so capacity never drops while clients reconnect.
                Strategy = new V1DeploymentStrategy
                {
                    Type = "RollingUpdate",
                    RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = 1, MaxUnavailable = 0 },
                },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta
                    {
                        Labels = ChildLabels.For(cluster, ChildLabels.ServerComponent),
                        Annotations = spec.PodAnnotations is { Count: > 0 } annotations
                            ? new Dictionary<string, string>(annotations)
                            : null,
                    },
                    Spec = PodSpec(cluster, defaults),
                },
            },
        };
    }

    private static V1PodSpec PodSpec(RealtimeCluster cluster, OperatorDefaults defaults)
    {
        var spec = cluster.Spec;
        var app = spec.App;
        return new V1PodSpec
        {
            // A named ServiceAccount is asked for because the app calls an API with it; the default one gets no token.
            ServiceAccountName = app.ServiceAccountName,
            AutomountServiceAccountToken = app.ServiceAccountName is null ? false : null,
            ImagePullSecrets = app.ImagePullSecrets is { Count: > 0 } pullSecrets ? [.. pullSecrets] : null,
            EnableServiceLinks = false,
            TerminationGracePeriodSeconds = spec.Drain.TerminationGracePeriodSeconds,
            SecurityContext = PodSecurity.ForPod(ServerUserId),
            NodeSelector = spec.NodeSelector is { Count: > 0 } ? new Dictionary<string, string>(spec.NodeSelector) : null,
            Tolerations = spec.Tolerations is { Count: > 0 } ? [.. spec.Tolerations] : null,
            Affinity = spec.Affinity,
            TopologySpreadConstraints = spec.TopologySpreadConstraints is { Count: > 0 } custom
                ? [.. custom]
                : DefaultSpread(cluster),
            Containers = [Container(cluster, defaults)],
            Volumes = [new V1Volume { Name = "tmp", EmptyDir = new V1EmptyDirVolumeSource() }],
        };
    }

    private static V1Container Container(RealtimeCluster cluster, OperatorDefaults defaults)
    {
        var spec = cluster.Spec;
        var profile = AppProfile.For(cluster);
        return new V1Container
        {
            Name = ContainerName,
            Image = spec.Image ?? defaults.ServerImage,
            ImagePullPolicy = spec.ImagePullPolicy?.ToString(),
            Command = spec.App.Command is { Count: > 0 } command ? [.. command] : null,
            Args = spec.App.Args is { Count: > 0 } args ? [.. args] : null,
            Ports = [new V1ContainerPort { Name = ServerServiceBuilder.PortName, ContainerPort = profile.Port, Protocol = "TCP" }],
            Env = ServerEnvironment.Build(cluster),
            EnvFrom = spec.App.EnvFrom is { Count: > 0 } envFrom ? [.. envFrom] : null,
            Resources = spec.Resources ?? DefaultResources(),
            ReadinessProbe = profile.ReadinessProbe,
            LivenessProbe = profile.LivenessProbe,

            // The image has no shell, so the delay is the kubelet's own sleep, not an exec of `sleep`.
            Lifecycle = spec.Drain.PreStopDelaySeconds > 0
                ? new V1Lifecycle { PreStop = new V1LifecycleHandler { Sleep = new V1SleepAction { Seconds = spec.Drain.PreStopDelaySeconds } } }
                : null,
            SecurityContext = PodSecurity.ForContainer(),
            VolumeMounts = [new V1VolumeMount { Name = "tmp", MountPath = "/tmp" }],
        };
    }

    private static V1ResourceRequirements DefaultResources() => new()
    {
        Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m"), ["memory"] = new("128Mi") },
        Limits = new Dictionary<string, ResourceQuantity> { ["memory"] = new("512Mi") },
    };

    /// <summary>Spread over nodes and zones when the scheduler can, never blocking a pod when it cannot.</summary>
    private static List<V1TopologySpreadConstraint> DefaultSpread(RealtimeCluster cluster) =>
        new[] { "kubernetes.io/hostname", "topology.kubernetes.io/zone" }
            .Select(key => new V1TopologySpreadConstraint
            {
                MaxSkew = 1,
                TopologyKey = key,
                WhenUnsatisfiable = "ScheduleAnyway",
                LabelSelector = new V1LabelSelector { MatchLabels = ChildLabels.Selector(cluster, ChildLabels.ServerComponent) },
            })
            .ToList();
}
